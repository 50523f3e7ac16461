"""tools/model_converters/deim2mmfer.py on DEIM's own checkpoint layouts (tests/data/
deim_official/), and tools/test.py on what it writes."""
import glob
import json

import pytest
import torch
from mmengine.config import Config

from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from tests.conftest import REPO, cli
from tests.test_tools.runs import data_options
from tools.model_converters.deim2mmfer import main as convert_tool

convert_main = cli('deim2mmfer', convert_tool)

DEIM_N = f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py'
NATTEN_N = f'{REPO}/configs/natten_deim/natten-deim_hgnetv2-n_72e_rafdb.py'


@pytest.fixture(scope='module')
def trained(deim_trained):
    return deim_trained


@pytest.fixture(scope='module')
def coco_layout(deim_coco_layout):
    return deim_coco_layout


def test_converts_and_loads_strictly_into_the_baseline(tmp_path, trained, capsys):
    dst = str(tmp_path / 'deim_n.pth')
    assert convert_main([trained, dst, '--config', DEIM_N]) == 0
    out = capsys.readouterr().out
    assert '674 keys, 7 classes; 665 mapped, 9 dropped' in out
    assert 'dropped decoder.anchors: anchors made for one input size' in out
    checkpoint = torch.load(dst, weights_only=True)
    model = MODELS.build(strip_pretrained_files(Config.fromfile(DEIM_N).model))
    model.load_state_dict(checkpoint['state_dict'], strict=True)
    assert checkpoint['meta']['source'] == 'state_dict'
    assert len(checkpoint['meta']['dropped']) == 9


def test_coco_checkpoint_to_seven_classes_drops_and_lists_the_class_weights(
        tmp_path, coco_layout, capsys):
    dst = str(tmp_path / 'deim_n_7.pth')
    assert convert_main([coco_layout, dst, '--num-classes', '7', '--config', DEIM_N]) == 0
    out = capsys.readouterr().out
    assert '80 classes' in out
    class_keys = ['decoder.enc_score_head.weight', 'decoder.enc_score_head.bias',
                  'decoder.denoising_class_embed.weight',
                  *(f'decoder.dec_score_head.{i}.{p}' for i in range(3)
                    for p in ('weight', 'bias'))]
    for key in class_keys:
        assert f'dropped {key}: class-dependent (80 classes in the source, 7 in the target)' \
            in out
    state = torch.load(dst, weights_only=True)['state_dict']
    model = MODELS.build(strip_pretrained_files(Config.fromfile(DEIM_N).model))
    missing, unexpected = model.load_state_dict(state, strict=False)
    assert not unexpected
    assert sorted(missing) == sorted(
        ['bbox_head.dn_generator.label_embedding.weight',
         'bbox_head.transformer.enc_cls_head.weight', 'bbox_head.transformer.enc_cls_head.bias',
         *(f'bbox_head.transformer.decoder.cls_heads.{i}.{p}' for i in range(3)
           for p in ('weight', 'bias'))])


def test_class_mismatch_without_num_classes_is_an_error_naming_the_key(
        tmp_path, coco_layout, capsys):
    assert convert_main([coco_layout, str(tmp_path / 'x.pth'), '--config', DEIM_N]) == 2
    err = capsys.readouterr().err
    assert 'shape mismatch' in err and 'bbox_head.transformer.enc_cls_head.bias (80,) vs (7,)' \
        in err
    assert not (tmp_path / 'x.pth').exists()


def test_natten_deim_starts_from_deim_with_what_fits(tmp_path, trained, capsys):
    dst = str(tmp_path / 'natten_from_deim.pth')
    assert convert_main([trained, dst, '--fit', NATTEN_N]) == 0
    out = capsys.readouterr().out
    assert 'left out neck.fpn_blocks.0.cv1.conv.weight: no such weight in' in out
    meta = torch.load(dst, weights_only=True)['meta']
    assert all(k.startswith('neck.') for k in meta['left_out'])
    assert any(k.startswith('neck.') for k in meta['left_at_init'])
    assert any(k.startswith('backbone.lpb.') for k in meta['left_at_init'])
    assert not any(k.startswith(('backbone.ebb.', 'bbox_head.')) for k in meta['left_at_init'])
    model = MODELS.build(strip_pretrained_files(Config.fromfile(NATTEN_N).model))
    model.load_state_dict(torch.load(dst, weights_only=True)['state_dict'], strict=False)
    reference = torch.load(trained, weights_only=True)['state_dict']
    assert torch.equal(model.backbone.ebb.stages_3.blocks[0].aggregation[0].conv.weight,
                       reference['backbone.stages.3.blocks.0.aggregation.0.conv.weight'])
    assert torch.equal(model.bbox_head.transformer.decoder.layers[2].gate.gate.weight,
                       reference['decoder.decoder.layers.2.gateway.gate.weight'])


def test_bad_inputs_end_with_one_clear_line(tmp_path, trained, capsys):
    dst = tmp_path / 'out.pth'
    assert convert_main([trained, str(dst), '--ema']) == 2
    assert 'has no "ema.module"' in capsys.readouterr().err
    assert convert_main([str(tmp_path / 'missing.pth'), str(dst)]) == 2
    assert 'missing.pth does not exist' in capsys.readouterr().err
    torch.save({'model': {'decoder.enc_score_head.weight': torch.zeros(7, 4),
                          'decoder.mystery.weight': torch.zeros(1)}}, tmp_path / 'odd.pth')
    assert convert_main([str(tmp_path / 'odd.pth'), str(dst)]) == 2
    assert 'decoder.mystery.weight' in capsys.readouterr().err
    dst.write_bytes(b'keep me')
    assert convert_main([trained, str(dst)]) == 2
    assert 'already exists; pass --force' in capsys.readouterr().err
    assert dst.read_bytes() == b'keep me'
    assert convert_main([trained, str(dst), '--force']) == 0


def test_tools_test_evaluates_a_converted_checkpoint(tmp_path, trained, tiny_synthetic_root):
    from tools.test import main as tools_test_main
    dst = str(tmp_path / 'deim_n.pth')
    assert convert_main([trained, dst]) == 0
    work = tmp_path / 'test'
    tools_test_main([DEIM_N, dst, '--work-dir', str(work), '--cfg-options',
                     *data_options(tiny_synthetic_root, 1, wrapped_train_set=True)])
    (path,) = glob.glob(f'{work}/*/*.json')
    with open(path) as f:
        metrics = json.load(f)
    # DEIM's code trained these weights for 3 epochs on the synthetic set: the faces are
    # found (mAP50 over all classes far above what an untrained model gets)
    assert metrics['coco/bbox_mAP_50'] > 0.05
