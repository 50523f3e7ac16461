"""The configs: every leaf builds the model its name says; configs compared in a table differ
in what the comparison is about and nothing else; the Makefile's pre-training feeds the main
job."""
import glob
import os.path as osp
import subprocess

import pytest
from mmengine.config import Config

from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from tests.conftest import MAIN_CONFIG, REPO

DETECTORS = sorted(glob.glob(osp.join(REPO, 'configs/deim/*.py')) +
                   glob.glob(osp.join(REPO, 'configs/dfine/*.py')) +
                   glob.glob(osp.join(REPO, 'configs/natten_deim/*.py')))
# size -> (HGNetV2, decoder width, decoder layers)
SIZES = dict(n=('hgnetv2_b0', 128, 3), s=('hgnetv2_b0', 256, 3), m=('hgnetv2_b2', 256, 4))


def load(name):
    return Config.fromfile(osp.join(REPO, 'configs', name))


def differing_keys(a, b):
    a, b = a.to_dict(), b.to_dict()
    return {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}


@pytest.mark.parametrize('path', DETECTORS, ids=osp.basename)
def test_config_builds_the_model_its_name_says(path):
    """``{algorithm}_hgnetv2-{size}[-variant]_{schedule}_{data}``."""
    cfg = Config.fromfile(path)
    algorithm, components, _, data = osp.basename(path)[:-3].split('_')
    size = components.split('-')[1]
    model = MODELS.build(strip_pretrained_files(cfg.model))
    arch, width, layers = SIZES[size]
    natten = algorithm == 'natten-deim'
    assert type(model).__name__ == 'DEIM' and model.backbone.ebb.default_cfg['architecture'] == arch
    assert type(model.neck).__name__ in (('DFPMNattenNeck', 'NeckChain') if natten
                                         else ('HybridEncoder',))
    assert (model.backbone.lpb is not None) == (natten and 'gating' not in components)
    assert model.bbox_head.transformer.embed_dims == width
    assert len(model.bbox_head.transformer.decoder.layers) == layers
    ffn_act = model.bbox_head.transformer.decoder.layers[0].ffn[1]
    assert type(ffn_act).__name__ == ('ReLU' if algorithm == 'dfine' else 'SiLU')
    assert model.bbox_head.num_classes == (80 if data == 'coco' else 7)
    # DEIM's input convention ([0, 1] RGB), which its pretrained weights expect
    assert model.data_preprocessor.std.flatten().tolist() == [255.0] * 3
    side = dict(synth=160, rafdb=640, coco=640).get(data, 320)  # rafdb-320
    assert cfg.test_dataloader.dataset.pipeline[1]['scale'] == (side, side)
    if data != 'coco':
        assert cfg.default_hooks.checkpoint.save_best == 'coco/bbox_mAP_50'


@pytest.mark.parametrize('size', 'nsm')
@pytest.mark.parametrize('recipe', ['72e', 'sgd-100e'])
@pytest.mark.parametrize('data', ['rafdb', 'rafdb-320'])
def test_the_two_rows_of_table1_differ_only_in_the_model(size, recipe, data):
    deim = load(f'deim/deim_hgnetv2-{size}_{recipe}_{data}.py')
    natten = load(f'natten_deim/natten-deim_hgnetv2-{size}_{recipe}_{data}.py')
    assert differing_keys(deim, natten) <= {'model', 'custom_hooks'}
    # ... and in the hook only a landmark branch can have
    assert natten.custom_hooks == deim.custom_hooks + [
        dict(type='UnfreezeLPBHook', unfreeze_ratio=0.1)]
    # checkpoints chosen on val; test evaluated once, by tools/test.py
    assert deim.val_dataloader.dataset.ann_file == 'annotations/rafdb_val.json'
    assert deim.test_dataloader.dataset.ann_file == 'annotations/rafdb_test.json'


def test_the_recipes_are_the_ones_their_names_say():
    deim = load('deim/deim_hgnetv2-s_72e_rafdb.py')
    hooks = {h.type for h in deim.custom_hooks}
    assert deim.optim_wrapper.optimizer.type == 'AdamW' and deim.val_cfg.type == \
        'RawAndEMAValLoop' and hooks == {'RunLengthEMAHook', 'DenseO2OHook'}
    assert 'BatchMixUp' in [a.type for a in deim.model.data_preprocessor.batch_augments]
    paper = load('deim/deim_hgnetv2-s_sgd-100e_rafdb.py')
    assert paper.optim_wrapper.optimizer.type == 'SGD' and not paper.custom_hooks
    assert paper.param_scheduler == [dict(type='MultiStepLR', by_epoch=True, begin=0, end=100,
                                          milestones=[60, 80], gamma=0.1)]
    # nothing the paper does not state: no clipping, no warm-up
    assert 'clip_grad' not in paper.optim_wrapper and len(paper.param_scheduler) == 1


@pytest.mark.parametrize('config, base_batch, lr, batch', [
    ('deim/deim_hgnetv2-n_72e_rafdb.py', 128, 8e-4, 8),  # DEIM-N's own batch and lr
    ('deim/deim_hgnetv2-s_72e_rafdb.py', 32, 4e-4, 8),
    ('natten_deim/natten-deim_hgnetv2-m_sgd-100e_rafdb.py', 256, 1e-3, 8),
    # the MMDetection rows keep their recipe's batch a process
    ('rtmdet/rtmdet_s_72e_rafdb.py', 256, 4e-3, 32),  # published at 8 x 32, not mmdet's 16
    ('ssd/ssd300_72e_rafdb.py', 64, 2e-3, 8)])
def test_the_lr_scales_from_the_recipes_own_batch(config, base_batch, lr, batch):
    from mmfer.cli.run_config import load_run_config
    from mmfer.cli.run_info import run_info
    info = run_info(load_run_config(osp.join(REPO, 'configs', config)), num_procs=2)
    assert (info['base_batch'], info['base_lr']) == (base_batch, lr)
    assert info['effective_batch'] == 2 * batch
    assert info['lr'] == pytest.approx(lr * 2 * batch / base_batch)



LADDER = ['deim/deim_hgnetv2-n_8e_synth.py', 'deim/deim_hgnetv2-n-p3_8e_synth.py',
          'natten_deim/natten-deim_hgnetv2-n-lite-gating_8e_synth.py',
          'natten_deim/natten-deim_hgnetv2-n-lite-prior_8e_synth.py',
          'natten_deim/natten-deim_hgnetv2-n-lite-prior-na_8e_synth.py',
          osp.relpath(MAIN_CONFIG, osp.join(REPO, 'configs'))]


def test_the_ablation_ladder_adds_one_part_a_rung_on_one_recipe():
    rungs = [load(name) for name in LADDER]
    for cfg in rungs[1:]:
        assert differing_keys(rungs[0], cfg) <= {'model', 'lpb_checkpoint',
                                                 'find_unused_parameters'}
    p3, gating, prior, na, main = rungs[1:]
    assert p3.model.backbone.out_indices == (1, 2, 3)  # + the stride-8 level
    assert p3.model.neck.type == 'HybridEncoder' and len(p3.model.neck.in_channels) == 3
    # each rung of the mmfer neck switches on the one part it is named after
    for before, after, part in ((gating, prior, 'prior_channels'), (prior, na, 'use_attention'),
                                (na, main, 'use_fusion')):
        changed = {k for k in {*before.model.neck, *after.model.neck}
                   if before.model.neck.get(k) != after.model.neck.get(k)}
        assert changed == {part}, (part, changed)
    assert not gating.model.backbone.with_lpb and main.model.backbone.with_lpb
    assert prior.model.backbone == na.model.backbone == main.model.backbone
    # the fusion swap: the main job's neck without its fusion, then DEIM's
    ccff = load('natten_deim/natten-deim_hgnetv2-n-lite-ccff_8e_synth.py')
    assert differing_keys(main, ccff) == {'model'}
    first, second = ccff.model.neck.necks
    assert first == dict(main.model.neck, use_fusion=False)
    assert second.type == 'HybridEncoder'


def test_the_main_job_is_the_paper_s_neck_at_n_lite_width():
    neck = load(osp.relpath(MAIN_CONFIG, osp.join(REPO, 'configs'))).model.neck
    assert neck.num_heads == 8 and neck.kernel_sizes == (7, 5, 3)  # the paper's
    model = MODELS.build(strip_pretrained_files(Config.fromfile(MAIN_CONFIG).model))
    # the DFPM's refinement is depth-wise then point-wise (a separable conv)
    dfpm = model.neck.dfpms[0]
    assert dfpm.dwconv.groups == dfpm.dwconv.in_channels and dfpm.pwconv.kernel_size == (1, 1)


def make_variable(name, *overrides):
    """The value make gives the Makefile's variable ``name`` (with VAR=value overrides)."""
    return subprocess.run(['make', '-s', '--no-print-directory', '-C', REPO, f'print-{name}',
                           *overrides], check=True, capture_output=True, text=True).stdout.strip()


def test_make_pretrained_makes_the_files_the_main_job_loads():
    main = Config.fromfile(MAIN_CONFIG)
    assert make_variable('EBB_PRETRAINED') == main.model.backbone.ebb_pretrained
    assert make_variable('LPB_PRETRAINED') == main.model.backbone.lpb_checkpoint
    assert make_variable('TRAIN_OPTIONS') == ''  # the config's own paths
    assert make_variable('CONFIG') == osp.relpath(MAIN_CONFIG, REPO)


def test_make_pretrained_into_another_dir_trains_on_it(tmp_path):
    made = subprocess.run(['make', '-n', '-C', REPO, 'pretrained', f'PRETRAINED_DIR={tmp_path}',
                           'PRETRAIN_SEED=7'], check=True, capture_output=True, text=True).stdout
    trains = [line for line in made.replace('\\\n', ' ').splitlines() if 'tools/train.py' in line]
    assert len(trains) == 2
    for line, config, work_dir in zip(trains, ('expression-crops', 'landmarks'),
                                      ('expression', 'landmarks')):
        assert 'configs/pretrain/' in line and config in line
        assert f'--work-dir {tmp_path}/{work_dir}/' in line and 'randomness.seed=7' in line
    other = ('PRETRAINED_DIR=work_dirs/pretrained_seed1', 'PRETRAIN_SEED=1')
    ebb, lpb = (make_variable(name, *other) for name in ('EBB_PRETRAINED', 'LPB_PRETRAINED'))
    assert ebb.startswith('work_dirs/pretrained_seed1/')
    assert make_variable('TRAIN_OPTIONS', *other).split() == [
        '--cfg-options', f'model.backbone.ebb_pretrained={ebb}',
        f'model.backbone.lpb_checkpoint={lpb}']


def test_the_synthetic_set_differs_from_rafdb_in_data_scale_and_batch_only():
    synth = Config.fromfile(osp.join(REPO, 'configs/_base_/datasets/synth.py'))
    rafdb = Config.fromfile(osp.join(REPO, 'configs/_base_/datasets/face_detection.py'))
    for loader in ('train_dataloader', 'val_dataloader'):
        a, b = synth[loader].to_dict(), rafdb[loader].to_dict()
        assert {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)} <= {'num_workers',
                                                                           'dataset'}
    assert synth.val_evaluator == rafdb.val_evaluator
