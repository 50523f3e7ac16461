"""The README's blocks a new user runs first, run as written: its placeholders (the RAF-DB
folder, the weights, one's own photo) replaced by a stand-in, checkpoints the tests make and a
picture, and the runs shortened by config overrides."""
import dataclasses
import glob
import json
import os
import os.path as osp
import re
import subprocess
import sys
from types import SimpleNamespace

import cv2
import pytest
import torch
from mmengine.config import Config

from mmfer.datasets.rafdb_standin import STANDIN, write_rafdb_standin
from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from mmfer.models.backbones.mobilefacenet import MobileFaceNet
from tests.conftest import MAIN_CONFIG, REPO, make_variable
from tests.test_docs_commands import commands, shell_blocks
from tests.test_tools.test_reproduce_table1 import check_table1_run
from tests.test_tools.test_setup_env import dry_setup

SHORT = ('train_cfg.max_epochs=1 train_dataloader.batch_size=4 '
         + ' '.join(f'{loader}.num_workers=0 {loader}.persistent_workers=False'
                    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')))


def readme_block(needle):
    (block,) = [b for _, b in shell_blocks('README.md') if needle in b]
    return block


def run_as_written(block, substitutions, cwd, env=None):
    """Each command of ``block`` with ``substitutions`` made, through bash; their outputs."""
    outputs = []
    for command in commands(block):
        for placeholder, value in substitutions.items():
            command = command.replace(placeholder, value)
        result = subprocess.run(['bash', '-c', command], cwd=cwd, capture_output=True,
                                text=True, env=dict(os.environ, **(env or {})), timeout=1200)
        assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])
        outputs.append(result.stdout + result.stderr)
    return outputs


ROWS = {'deim': 'deim_hgnetv2-n_72e_rafdb-320',
        'natten-deim': 'natten-deim_hgnetv2-n_72e_rafdb-320'}


# CI runs the block for the paper's row; both rows, as the block says, in make test-slow (the
# DEIM row's training from a converted DEIM checkpoint: test_reproduce_table1.py's dry runs)
@pytest.mark.parametrize('rows', [
    pytest.param(('natten-deim',), marks=pytest.mark.first, id='natten-deim'),
    pytest.param(('deim', 'natten-deim'), marks=pytest.mark.slow, id='both-rows')])
def test_rafdb_converted_into_its_own_folder_then_table1_as_the_readme_says(
        tmp_path, deim_coco_layout, rows):
    """RAF-DB (16 + 4 stand-in images) with its basic/ level, converted into a separate folder;
    the rows of Table 1 train one epoch, are chosen on val, tested and tabulated from there;
    a rerun keeps them."""
    raf = tmp_path / 'RAF-DB'
    write_rafdb_standin(str(raf / 'basic'), dataclasses.replace(STANDIN, num_train=16,
                                                                 num_test=4))
    lpb = tmp_path / 'mobilefacenet_model_best.pth.tar'
    torch.save(dict(state_dict=MobileFaceNet(num_landmarks=5).state_dict()), lpb)
    out, work_dir = tmp_path / 'converted' / 'rafdb', tmp_path / 'table1'
    block = readme_block('rafdb2coco.py')
    for placeholder in ('/path/to/RAF-DB', 'DEIM_CHECKPOINT=', 'LPB_CHECKPOINT=',
                        'reproduce_table1.sh s 1 640'):
        assert placeholder in block, f'the README block no longer holds {placeholder}'
    substitutions = {'.venv/bin/python': sys.executable, '/path/to/RAF-DB': str(raf),
                     'data/rafdb': str(out), 'deim_dfine_hgnetv2_s_coco_120e.pth':
                     deim_coco_layout, 'mobilefacenet_model_best.pth.tar': str(lpb),
                     'reproduce_table1.sh s 1 640': f'reproduce_table1.sh n 1 320 {SHORT}'}
    env = dict(WORK_DIR=str(work_dir), COST_THREADS='1', ROWS=','.join(rows),
               # the other test worker has a core
               PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    converted, _ = run_as_written(block, substitutions, REPO, env)
    assert 'the annotation files record' in converted
    assert not osp.exists(out / 'Image')  # nothing moved or linked
    names = [ROWS[row] for row in rows]
    table = check_table1_run(str(out), str(work_dir), SimpleNamespace(returncode=0),
                             from_checkpoints=True, rows=names)
    runs = sorted(glob.glob(f'{work_dir}/*/2*/') + glob.glob(f'{work_dir}/*/test/2*/'))
    assert len(runs) == 2 * len(rows)  # a training and a test of each row
    for row in names:
        tested = json.loads((work_dir / row / 'test_of_best.json').read_text())
        assert 'coco/bbox_mAP_50' in tested
        (log,) = glob.glob(f'{work_dir}/{row}/2*/2*.log')
        assert 'the folder its converter recorded' in open(log).read()
    converted_inits = {p: osp.getmtime(p) for p in glob.glob(f'{work_dir}/*_from_deim.pth')}
    assert len(converted_inits) == len(rows)
    rerun = '\n'.join(line for line in block.splitlines() if 'rafdb2coco' not in line)
    (again,) = run_as_written(rerun, substitutions, REPO, env)
    assert again.count('kept: ') == len(rows)
    # the kept rows are not converted again
    assert {p: osp.getmtime(p) for p in converted_inits} == converted_inits
    assert sorted(glob.glob(f'{work_dir}/*/2*/') + glob.glob(f'{work_dir}/*/test/2*/')) == runs
    assert (work_dir / 'table1_n_320.md').read_text() == table


def test_inference_on_ones_own_photo_as_the_readme_says(tmp_path, main_job_checkpoint):
    block = readme_block('image_demo.py')
    checkpoint = re.search(r'--weights (\S+)', block).group(1)
    # the checkpoint it names is the one `make train-demo` leaves
    epochs = Config.fromfile(MAIN_CONFIG).train_cfg.max_epochs
    assert checkpoint == f'{make_variable("WORK_DIR")}/epoch_{epochs}.pth'
    image, _ = make_synthetic_image(SyntheticConfig(img_size=200), 'test', 0)
    photo = tmp_path / 'my_photo.jpg'
    cv2.imwrite(str(photo), image[:, :, ::-1])
    run_as_written(block, {'.venv/bin/python': sys.executable, 'my_photo.jpg': str(photo),
                           checkpoint: main_job_checkpoint,
                           'outputs/': f'{tmp_path}/outputs/'}, REPO)
    faces = json.loads((tmp_path / 'outputs' / 'my_photo.json').read_text())
    assert isinstance(faces, (list, dict))
    assert cv2.imread(str(tmp_path / 'outputs' / 'my_photo.jpg')).shape[:2] == (200, 200)


def test_the_gpu_route_the_readme_names_reaches_the_set_up(tmp_path):
    readme = open(osp.join(REPO, 'README.md'), encoding='utf-8').read()
    assert '`make test CUDA=1`' in readme
    out = dry_setup(tmp_path / 'venv', 'CUDA=1')
    assert 'torch cuda' in out and 'dry run' in out
