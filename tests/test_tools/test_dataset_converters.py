"""The dataset converters' command lines (tools/dataset_converters/): they write, refuse to
overwrite, and a RAF-DB model evaluates on AffectNet and ExpW as converted."""
import json

from tests.conftest import REPO, cli, randomized_checkpoint
from tests.test_datasets.test_rafdb_converter import make_rafdb
from tools.dataset_converters.affectnet2coco import main as affectnet2coco_main
from tools.dataset_converters.expw2coco import main as expw2coco_main
from tools.dataset_converters.rafdb2coco import main as rafdb2coco_main
from tools.test import main as tools_test_main

rafdb2coco = cli('rafdb2coco', rafdb2coco_main)
affectnet2coco = cli('affectnet2coco', affectnet2coco_main)
expw2coco = cli('expw2coco', expw2coco_main)


def test_rafdb2coco(tmp_path, capsys):
    make_rafdb(tmp_path / 'raf')
    assert rafdb2coco([str(tmp_path / 'raf'), str(tmp_path / 'out')]) == 0
    assert 'wrote' in capsys.readouterr().out
    assert rafdb2coco([str(tmp_path / 'raf'), str(tmp_path / 'out')]) == 2
    assert 'already exist' in capsys.readouterr().err


def test_the_command_line_tools_and_a_rafdb_model_evaluated_on_them(affectnet, expw, tmp_path,
                                                                   capsys):
    assert affectnet2coco([str(affectnet), str(affectnet)]) == 0
    assert expw2coco([str(expw), str(expw)]) == 0
    assert affectnet2coco([str(affectnet), str(affectnet)]) == 2  # exists
    assert 'already exist' in capsys.readouterr().err
    config = f'{REPO}/configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb-320.py'
    checkpoint = randomized_checkpoint(config, tmp_path / 'raf.pth')
    for root, ann, images in ((affectnet, 'affectnet_val.json', 'Manually_Annotated_Images/'),
                              (expw, 'expw.json', 'image/origin/')):
        work = tmp_path / f'test_{ann}'
        assert tools_test_main([config, checkpoint, '--work-dir', str(work), '--cfg-options',
                                f'test_dataloader.dataset.data_root={root}/',
                                f'test_dataloader.dataset.ann_file=annotations/{ann}',
                                f'test_dataloader.dataset.data_prefix.img={images}',
                                'test_dataloader.num_workers=0',
                                'test_dataloader.persistent_workers=False']) == 0
        (metrics,) = [json.load(open(p)) for p in work.glob('*/*.json')]
        assert 0 <= metrics['coco/bbox_mAP_50'] <= 1 and 'expr/accuracy' in metrics
