"""Every row of the README's bad-input table: the mistake ends with one line that names the
file, key or value, and a non-zero exit, before anything expensive is built."""
import glob
import os
import os.path as osp
import subprocess
import sys

import pytest

from mmfer.cli import run_cli
from tests.conftest import MAIN_CONFIG, REPO
from tests.test_tools.runs import data_options
from tools.test import main as tools_test_main
from tools.train import main as tools_train_main

RAFDB_CONFIG = f'{REPO}/configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb.py'


def fails(capsys, main, prog, argv, *messages, status=2):
    assert run_cli(prog, main, argv) == status
    err = capsys.readouterr().err
    assert err.startswith(f'{prog}: error: ') and 'Traceback' not in err
    assert err.count('\n') == 1, err  # one line
    for message in messages:
        assert message in err, err
    return err


def synth(root, epochs=1):
    """The main job on the tiny set, without its pre-trained branches (`make pretrained`)."""
    return ['--cfg-options', *data_options(root, epochs, wrapped_train_set=True),
            'model.backbone.ebb_pretrained=None', 'model.backbone.lpb_checkpoint=None']


# ---- tools/train.py ------------------------------------------------------------------------
def test_train_config_path_with_a_typo(capsys):
    fails(capsys, tools_train_main, 'train', ['configs/natten_deim/natten_deim_n_synht.py'],
          'configs/natten_deim/natten_deim_n_synht.py: no such config file, and no model of '
          'that name in')


def test_train_misspelled_override_gets_the_nearest_key(capsys, tiny_synthetic_root):
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, *synth(tiny_synthetic_root),
                                        'model.bbox_head.num_clases=5'],
          "model.bbox_head has no key 'num_clases'; did you mean 'num_classes'?")


def test_train_misspelled_argument_in_a_config_file(capsys, tmp_path):
    config = tmp_path / 'mine.py'
    config.write_text(f"_base_ = '{MAIN_CONFIG}'\n"
                      "model = dict(neck=dict(kernel_size=(7, 5, 3)))\n")
    fails(capsys, tools_train_main, 'train', [str(config)],
          "model.neck.kernel_size: DFPMNattenNeck has no argument 'kernel_size'; did you mean "
          "'kernel_sizes'?")


def test_train_broken_config_file(capsys, tmp_path):
    (tmp_path / 'broken.py').write_text('model = dict(type=\n')
    fails(capsys, tools_train_main, 'train', [str(tmp_path / 'broken.py')],
          'broken.py cannot be read')


def test_train_rafdb_before_conversion(capsys):
    if osp.exists(osp.join(REPO, 'data/rafdb/annotations/rafdb_train.json')):
        pytest.skip('RAF-DB is converted on this machine')
    fails(capsys, tools_train_main, 'train', [RAFDB_CONFIG],
          'data/rafdb/annotations/rafdb_train.json (train_dataloader of',
          'convert RAF-DB first: python tools/dataset_converters/rafdb2coco.py')


def test_train_pretrained_file_missing(capsys, tiny_synthetic_root):
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, *synth(tiny_synthetic_root),
                                        'model.backbone.ebb_pretrained=nowhere/b0.pth'],
          'model.backbone.ebb_pretrained=nowhere/b0.pth', 'does not exist')
    # the main job's pre-trained branches, before `make pretrained`
    fails(capsys, tools_train_main, 'train',
          [MAIN_CONFIG, *synth(tiny_synthetic_root),
           'model.backbone.lpb_checkpoint=work_dirs/pretrained/not_made_yet.pth'],
          'model.backbone.lpb_checkpoint=work_dirs/pretrained/not_made_yet.pth',
          '`make pretrained` makes it')
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, *synth(tiny_synthetic_root),
                                        'load_from=nowhere/ckpt.pth'],
          'load_from=nowhere/ckpt.pth does not exist')


def test_train_resume_from_a_missing_checkpoint(capsys, tiny_synthetic_root):
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, '--resume', 'nowhere/epoch_3.pth',
                                        *synth(tiny_synthetic_root)],
          '--resume nowhere/epoch_3.pth: no such checkpoint file')


def test_train_resume_in_an_empty_work_dir_says_it_starts_from_scratch(
        capsys, tmp_path, tiny_synthetic_root):
    from tools.train import build_config, parse_args
    cfg = build_config(parse_args([MAIN_CONFIG, '--resume', '--work-dir', str(tmp_path),
                                   *synth(tiny_synthetic_root)]))
    assert cfg.resume is True and cfg.load_from is None
    assert f'--resume: no checkpoint in {tmp_path}; training starts from scratch' in \
        capsys.readouterr().err


def test_train_amp_without_a_gpu_and_amp_dtype_without_amp(capsys, tiny_synthetic_root):
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, '--amp', *synth(tiny_synthetic_root)],
          '--amp trains with mixed precision on a GPU', 'torch sees none')
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, '--amp-dtype', 'bfloat16',
                                              *synth(tiny_synthetic_root)],
          '--amp-dtype needs --amp')


def test_train_one_split_moved_alone(capsys):
    fails(capsys, tools_train_main, 'train',
          [RAFDB_CONFIG, '--cfg-options', 'train_dataloader.dataset.dataset.data_root=/x/'],
          'train_dataloader reads /x/ but val_dataloader reads data/rafdb/',
          '--cfg-options data_root=DIR')


def test_train_num_classes_other_than_the_datas(capsys, tiny_synthetic_root):
    fails(capsys, tools_train_main, 'train', [MAIN_CONFIG, *synth(tiny_synthetic_root),
                                        'model.bbox_head.num_classes=9'],
          'the head has num_classes=9 but train_dataloader has 7 classes')


# ---- tools/test.py -------------------------------------------------------------------------
def test_test_checkpoint_missing_or_not_one(capsys, tmp_path, tiny_synthetic_root):
    fails(capsys, tools_test_main, 'test', [MAIN_CONFIG, str(tmp_path / 'e.pth'),
                                      *synth(tiny_synthetic_root)],
          f'checkpoint {tmp_path}/e.pth: no such file')
    (tmp_path / 'notes.pth').write_text('not a checkpoint')
    fails(capsys, tools_test_main, 'test', [MAIN_CONFIG, str(tmp_path / 'notes.pth'),
                                      *synth(tiny_synthetic_root)],
          'notes.pth: not a readable checkpoint')


def test_test_num_classes_above_the_datas(capsys, main_job_checkpoint, tiny_synthetic_root):
    fails(capsys, tools_test_main, 'test', [MAIN_CONFIG, main_job_checkpoint,
                                      *synth(tiny_synthetic_root),
                                      'model.bbox_head.num_classes=9'],
          'the head has num_classes=9 but test_dataloader has 7 classes')


def test_test_out_must_be_new_and_a_pickle(capsys, main_job_checkpoint, tmp_path):
    fails(capsys, tools_test_main, 'test', [MAIN_CONFIG, main_job_checkpoint, '--out',
                                      str(tmp_path / 'r.json')], '--out must be a .pkl')


# ---- datasets ------------------------------------------------------------------------------
def test_unknown_synthetic_key(tmp_path):
    from mmfer.datasets import SyntheticFERDataset
    with pytest.raises(ValueError, match="SyntheticConfig has no 'num_trian'; did you mean "
                                         "'num_train'"):
        SyntheticFERDataset(data_root=str(tmp_path), ann_file='a.json',
                            synthetic=dict(num_trian=10))


def test_corrupt_annotation_file_is_named(tmp_path):
    from mmfer.datasets import RAFDBDataset
    (tmp_path / 'broken.json').write_text('{"images": [')
    with pytest.raises(ValueError, match='broken.json is not a valid mmfer COCO annotation'):
        RAFDBDataset(data_root=str(tmp_path), ann_file='broken.json', pipeline=[])
    with pytest.raises(FileNotFoundError, match='annotation file .*missing.json does not'):
        RAFDBDataset(data_root=str(tmp_path), ann_file='missing.json', pipeline=[])


# ---- every Python tool without arguments, shell scripts ---------------------------------
PY_TOOLS = sorted(p for p in glob.glob(f'{REPO}/tools/**/*.py', recursive=True))


@pytest.mark.parametrize('tool', PY_TOOLS, ids=lambda p: osp.relpath(p, REPO))
def test_python_tool_without_arguments_prints_its_usage(tool, capsys):
    """Every tool's ``main`` (what its ``__main__`` runs through ``run_cli``), in this process:
    a Python start per tool would cost seconds each."""
    import importlib
    module = importlib.import_module(osp.relpath(tool, REPO)[:-3].replace('/', '.'))
    with pytest.raises(SystemExit) as exit_:
        run_cli(osp.basename(tool), module.main, [])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert 'usage:' in err and 'Traceback' not in err


def test_a_tool_started_without_arguments_prints_its_usage():
    """The same through the interpreter, as a user starts it."""
    result = subprocess.run([sys.executable, f'{REPO}/tools/train.py'], capture_output=True,
                            text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=REPO),
                            timeout=120)
    assert result.returncode == 2
    assert 'usage:' in result.stderr and 'Traceback' not in result.stderr


@pytest.mark.parametrize('script, message', [
    ('dist_train.sh', 'expected CONFIG NUM_PROCS'),
    ('dist_test.sh', 'expected CONFIG CHECKPOINT NUM_PROCS'),
    ('slurm_train.sh', 'expected PARTITION JOB_NAME CONFIG WORK_DIR'),
])
def test_shell_script_without_arguments_prints_its_usage(script, message):
    result = subprocess.run(['bash', f'{REPO}/tools/{script}'], capture_output=True, text=True)
    assert result.returncode == 2 and message in result.stderr and 'usage' in \
        result.stderr.lower()


def test_shell_scripts_name_missing_files():
    result = subprocess.run(['bash', f'{REPO}/tools/dist_train.sh', 'nope.py', '2'],
                            capture_output=True, text=True)
    assert result.returncode == 2 and 'config nope.py: no such file' in result.stderr
    result = subprocess.run(['bash', f'{REPO}/tools/dist_test.sh', MAIN_CONFIG, 'x.pth', '2'],
                            capture_output=True, text=True)
    assert result.returncode == 2 and 'checkpoint x.pth: no such file' in result.stderr
    result = subprocess.run(['bash', f'{REPO}/tools/dist_train.sh', MAIN_CONFIG, 'two'],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "NUM_PROCS must be a positive integer" in result.stderr


def test_setup_and_test_scripts_refuse_what_they_do_not_know(tmp_path):
    result = subprocess.run(['bash', f'{REPO}/tools/setup_env.sh', '--quiet'],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "unknown argument '--quiet'" in result.stderr
    result = subprocess.run(['bash', f'{REPO}/tools/run_tests.sh'], capture_output=True,
                            text=True, env=dict(os.environ, MMFER_VENV=str(tmp_path / 'v')))
    assert result.returncode == 2 and 'no environment at' in result.stderr


def test_debug_shows_the_traceback(tmp_path):
    result = subprocess.run([sys.executable, f'{REPO}/tools/train.py', 'nope.py', '--debug'],
                            capture_output=True, text=True, cwd=REPO,
                            env=dict(os.environ, PYTHONPATH=REPO), timeout=120)
    assert result.returncode != 0 and 'Traceback' in result.stderr
    assert 'FileNotFoundError: nope.py: no such config file' in result.stderr


def test_an_error_in_a_dataloader_worker_names_its_file(capsys):
    """torch re-raises a worker's error with the worker's traceback as its text; the one line
    keeps the traceback's last line, which names the file."""
    def main(argv):
        raise AssertionError('Caught AssertionError in DataLoader worker process 0.\n'
                             'Original Traceback (most recent call last):\n'
                             '  File "loading.py", line 99, in transform\n'
                             '    assert img is not None\n'
                             'AssertionError: failed to load image: data/x/a.jpg\n')
    fails(capsys, main, 'train', [], 'Caught AssertionError in DataLoader worker process 0. '
          'AssertionError: failed to load image: data/x/a.jpg', status=1)


def test_metrics_tools_name_broken_files(capsys, tmp_path):
    from tools.analysis_tools.plot_loss_curves import main as plot_main
    from tools.analysis_tools.table1 import main as table_main
    (tmp_path / 'scalars.json').write_text('{"loss": 1')
    fails(capsys, table_main, 'table1', [f'A={tmp_path}/scalars.json'],
          'scalars.json: neither a metrics JSON nor a scalars.json')
    fails(capsys, plot_main, 'plot_loss_curves', [str(tmp_path / 'nothing'), '--out',
                                                  str(tmp_path / 'c.png')])


# ---- tools/analysis_tools/robustness.py ----------------------------------------------------
def test_robustness_missing_checkpoint(capsys, tmp_path):
    from tools.analysis_tools.robustness import main as robustness_main
    fails(capsys, robustness_main, 'robustness',
          [MAIN_CONFIG, str(tmp_path / 'none.pth'), '--out-dir', str(tmp_path / 'out')],
          f'checkpoint {tmp_path / "none.pth"}: no such file')
