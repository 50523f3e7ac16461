import os.path as osp

import pytest
import torch
from mmengine.config import Config

from mmfer.apis import pretrain_expression_branch, split_files
from mmfer.models.backbones import DualBranchBackbone
from tests.conftest import MAIN_CONFIG, REPO, TINY_SYNTHETIC


def tiny_config(root):
    """The main job's config over the tiny synthetic set at ``root``."""
    cfg = Config.fromfile(MAIN_CONFIG)
    synthetic = dict(seed=TINY_SYNTHETIC.seed, img_size=TINY_SYNTHETIC.img_size,
                     num_train=TINY_SYNTHETIC.num_train, num_test=TINY_SYNTHETIC.num_test)
    for loader in ('train_dataloader', 'test_dataloader'):
        dataset = cfg[loader]['dataset']
        dataset = dataset.get('dataset', dataset)
        dataset.update(data_root=root + '/', synthetic=synthetic)
    return cfg


def test_split_files_are_the_configs_own(tiny_synthetic_root):
    cfg = tiny_config(tiny_synthetic_root)
    assert split_files(cfg, 'train_dataloader') == (
        osp.join(tiny_synthetic_root, 'annotations/synth_train.json'),
        osp.join(tiny_synthetic_root, 'images/train/'))
    assert split_files(cfg, 'test_dataloader')[0].endswith('annotations/synth_test.json')
    with pytest.raises(ValueError, match='no val_evaluator_x'):
        split_files(cfg, 'val_evaluator_x')


def test_split_files_make_the_synthetic_set_on_first_use(tmp_path):
    cfg = tiny_config(str(tmp_path / 'new'))
    ann_file, img_dir = split_files(cfg, 'test_dataloader')
    assert osp.isfile(ann_file) and len(list((tmp_path / 'new/images/test').iterdir())) == 14


def test_pretraining_learns_and_the_backbone_loads_it(tmp_path, tiny_synthetic_root):
    cfg = tiny_config(tiny_synthetic_root)
    out = str(tmp_path / 'ebb.pth')
    history = pretrain_expression_branch(
        *split_files(cfg), *split_files(cfg, 'test_dataloader'), out_file=out, epochs=15,
        size=32, batch_size=7, lr=3e-3, log=lambda msg: None)
    loss = history['train_loss']  # 21 crops in batches of 7: noisy, so 3 epochs averaged
    assert sum(loss[-3:]) / 3 < sum(loss[:3]) / 3 - 0.3
    backbone = DualBranchBackbone('hgnetv2_b0', with_lpb=False, ebb_pretrained=out)
    saved = torch.load(out, weights_only=True)['state_dict']
    loaded = {k.replace('stages_', 'stages.'): v for k, v in backbone.ebb.state_dict().items()}
    names = [k for k in saved if k in loaded and saved[k].dim() == 4]  # every conv
    assert len(names) == sum(v.dim() == 4 for v in loaded.values())
    assert all(torch.equal(loaded[k], saved[k]) for k in names)
    with pytest.raises(FileExistsError, match='--force'):
        pretrain_expression_branch(*split_files(cfg), *split_files(cfg, 'test_dataloader'),
                                   out_file=out, epochs=1)


def test_cli_names_a_config_without_an_hgnetv2(tmp_path, capsys):
    from mmfer.utils.cli import run_cli
    from tools.misc.pretrain_expression_branch import main
    config = osp.join(REPO, 'configs/retinanet/retinanet_r18_fpn_12e_synth.py')
    assert run_cli('pretrain_expression_branch', main, [config, str(tmp_path / 'x.pth')]) == 2
    assert 'no model.backbone.arch' in capsys.readouterr().err


@pytest.mark.parametrize('tool, message', [
    ('pretrain_expression_branch', 'test crop accuracy'), ('train_lpb_landmarks', 'test NME')])
def test_pretraining_tools_read_the_detectors_config(tmp_path, tiny_synthetic_root, capsys,
                                                     tool, message):
    import importlib
    main = importlib.import_module(f'tools.misc.{tool}').main
    config = str(tmp_path / 'main_job_tiny.py')
    tiny_config(tiny_synthetic_root).dump(config)
    outs = [str(tmp_path / f'branch_seed{seed}.pth') for seed in (1, 2)]
    for seed, out in zip((1, 2), outs):
        assert main([config, out, '--epochs', '1', '--batch-size', '7', '--seed', str(seed)]) == 0
        assert osp.isfile(out) and message in capsys.readouterr().out
    # the seed reaches the training: another seed, other weights
    weights = [torch.load(out, map_location='cpu')['state_dict'] for out in outs]
    assert any(not torch.equal(weights[0][k], weights[1][k]) for k in weights[0])
