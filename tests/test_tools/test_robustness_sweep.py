"""The robustness sweep's clean level is tools/test.py's result, and its report holds every
factor asked for."""
import glob
import json
import os.path as osp

import pytest

from mmfer.evaluation.robustness import FACTORS, sweep
from tests.conftest import MAIN_CONFIG, randomized_checkpoint
from tests.test_tools.runs import data_options
from tools.test import main as tools_test_main
from tools.train import build_config, parse_args


def test_the_clean_level_is_tools_test_and_the_report_has_every_factor(
        tmp_path, tiny_synthetic_root):
    checkpoint = randomized_checkpoint(MAIN_CONFIG, tmp_path / 'main.pth')
    config = tmp_path / 'tiny_main_job.py'
    build_config(parse_args([MAIN_CONFIG, '--cfg-options',
                             *data_options(tiny_synthetic_root, 1, wrapped_train_set=True),
                             'model.backbone.ebb_pretrained=None',
                             'model.backbone.lpb_checkpoint=None'])).dump(str(config))
    assert tools_test_main([str(config), checkpoint, '--work-dir', str(tmp_path / 'test')]) == 0
    (metrics,) = [json.load(open(p)) for p in glob.glob(str(tmp_path / 'test' / '*' / '*.json'))]
    out = tmp_path / 'rob'
    report = sweep([(str(config), checkpoint)], str(out), factors=['blur', 'landmark_prior'],
                   labels=['main'])
    assert report == json.load(open(out / 'robustness.json'))
    assert set(report['factors']) == {'blur', 'landmark_prior'}
    clean = report['factors']['blur'][0]
    assert clean['level'] == '0' and clean['mAP50'] == pytest.approx(
        metrics['coco/bbox_mAP_50'], abs=1e-6)
    assert [r['level'] for r in report['factors']['blur']] == [lv.label for lv in FACTORS['blur']]
    assert osp.isfile(out / 'robustness_blur.png')
    # a second run keeps the report unless forced
    with pytest.raises(FileExistsError, match='robustness.json already exists'):
        sweep([(str(config), checkpoint)], str(out), factors=['blur'])
    with pytest.raises(ValueError, match="unknown factors \\['fog'\\]"):
        sweep([(str(config), checkpoint)], str(tmp_path / 'x'), factors=['fog'])
