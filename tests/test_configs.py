"""Every DEIM / Natten-DEIM config parses and builds the model it says it builds."""
import glob
import os.path as osp
import subprocess

import pytest
import torch
from mmengine.config import Config

from mmfer.datasets.transforms.presets import (
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
)
from mmfer.registry import MODELS
from tests.conftest import REPO

CONFIGS = sorted(glob.glob(osp.join(REPO, 'configs/deim/*.py')) +
                 glob.glob(osp.join(REPO, 'configs/dfine/*.py')) +
                 glob.glob(osp.join(REPO, 'configs/natten_deim/*.py')))
# what two configs share when they differ in the model only
RECIPE_KEYS = ('train_dataloader', 'val_dataloader', 'val_evaluator', 'train_cfg', 'val_cfg',
               'optim_wrapper', 'param_scheduler', 'custom_hooks', 'randomness')
SIZES = dict(n=('hgnetv2_b0', 128, 3), s=('hgnetv2_b0', 256, 3), m=('hgnetv2_b2', 256, 4))


def test_both_models_come_in_three_sizes_for_rafdb_and_the_synthetic_set():
    names = {osp.basename(c) for c in CONFIGS}
    for model in ('deim/deim_hgnetv2', 'natten_deim/natten_deim'):
        for size in 'nsm':
            for data in ('synth', 'rafdb', 'rafdb_320'):
                assert f'{osp.basename(model)}_{size}_{data}.py' in names
    for model in ('deim_hgnetv2', 'dfine_hgnetv2'):  # for converted COCO checkpoints
        for size in 'nsm':
            assert f'{model}_{size}_coco.py' in names


@pytest.mark.parametrize('path', CONFIGS, ids=osp.basename)
def test_config_builds_its_model(path):
    cfg = Config.fromfile(path)
    size = osp.basename(path).split('_')[2]
    natten = 'natten_deim' in path
    if 'pretrained' in osp.basename(path):  # made by `make pretrained`, absent in CI
        assert cfg.model.backbone.ebb_pretrained.startswith('work_dirs/pretrained/')
        cfg.model.backbone.ebb_pretrained = None
    lpb_checkpoint = cfg.model.backbone.get('lpb_checkpoint')
    if lpb_checkpoint and lpb_checkpoint.startswith('work_dirs/pretrained/'):
        cfg.model.backbone.lpb_checkpoint = None
    model = MODELS.build(cfg.model)
    arch, width, layers = SIZES[size]
    assert type(model).__name__ == 'DEIM'
    assert type(model.neck).__name__ == ('DFPMNattenNeck' if natten else 'HybridEncoder')
    prior = natten and 'no_prior' not in path
    assert (model.backbone.lpb is not None) == prior
    if natten:
        assert (model.neck.prior_channels is not None) == prior
        assert all(isinstance(b, torch.nn.Identity) for b in model.neck.nat_blocks) == \
            ('no_attention' in path)
        lite = '_lite_' in path  # the 64-channel neck gating the projected maps
        assert (model.neck.out_channels, model.neck.dfpm_position) == \
            ((64, 'projection') if lite else (width, 'input'))
    assert model.bbox_head.transformer.embed_dims == width
    assert len(model.bbox_head.transformer.decoder.layers) == layers
    # DEIM-N reads strides 16 / 32 with 6 + 6 points; the others three levels with 3 + 6 + 3
    levels = 2 if size == 'n' and not natten else 3
    assert len(model.bbox_head.transformer.input_proj) == levels
    ffn_act = model.bbox_head.transformer.decoder.layers[0].ffn[1]
    assert type(ffn_act).__name__ == ('ReLU' if 'dfine' in path else 'SiLU')
    coco = path.endswith('_coco.py')
    assert model.bbox_head.num_classes == (80 if coco else 7)
    # DEIM's input convention ([0, 1] RGB), which its pretrained weights expect
    assert model.data_preprocessor.std.flatten().tolist() == [255.0] * 3
    assert model.backbone.ebb.default_cfg['architecture'] == arch
    hooks = [h['type'] for h in cfg.custom_hooks]
    # a landmark branch frozen at random is unfrozen by the hook; a pre-trained one frozen for
    # the whole run (the main job's) needs no hook; the v1 recipe's trains from the start
    assert ('UnfreezeLPBHook' in hooks) == (
        prior and cfg.model.backbone.lpb_frozen and not lpb_checkpoint)
    assert cfg.default_hooks.num_class_check.type == 'NumClassCheckHook'
    scale = 160 if 'synth' in path else 320 if '_320' in path else 640
    if coco:
        assert cfg.model.test_cfg == dict(max_per_img=300, clip_boxes=False)
    assert cfg.test_dataloader.dataset.pipeline[1]['scale'] == (scale, scale)


def test_the_main_job_and_its_baseline_share_the_recipe():
    """Natten-DEIM-N and DEIM-N are compared on the same data, schedule, hooks and pre-trained
    expression branch: only the model differs (and the ablations differ from the main job in
    the neck / landmark branch only)."""
    main = Config.fromfile(osp.join(REPO, 'configs/natten_deim/natten_deim_n_synth_pretrained.py'))
    for other in ('deim/deim_hgnetv2_n_synth_pretrained.py',
                  'natten_deim/natten_deim_n_lite_synth_pretrained.py',
                  'natten_deim/natten_deim_n_synth_pretrained_no_prior.py',
                  'natten_deim/natten_deim_n_synth_pretrained_no_attention.py'):
        cfg = Config.fromfile(osp.join(REPO, 'configs', other))
        for key in RECIPE_KEYS:
            assert cfg.get(key) == main.get(key), (other, key)
        assert cfg.model.backbone.ebb_pretrained == main.model.backbone.ebb_pretrained
        assert cfg.model.data_preprocessor.batch_augments == []
        assert cfg.model.bbox_head.num_queries == main.model.bbox_head.num_queries
    # the policy switches only what the pipeline holds (no zoom-out in the multi-face set)
    policy = [h for h in main.custom_hooks if h.type == 'DenseO2OHook'][0].policy_types
    pipeline = [t.type for t in main.train_dataloader.dataset.pipeline]
    assert set(policy) <= set(pipeline) and 'ZoomOut' not in pipeline


def test_the_main_job_its_baseline_and_ablations_share_the_8_epoch_recipe():
    """The main job (Natten-DEIM-N-lite, both branches pre-trained), its DEIM-N baseline and its
    two ablations differ in the model only; the recipe is the v1 recipe's plus 8 epochs, class
    loss x3 and twice the lr."""
    main = Config.fromfile(osp.join(
        REPO, 'configs/natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3.py'))
    v1 = Config.fromfile(osp.join(REPO, 'configs/natten_deim/natten_deim_n_synth_pretrained.py'))
    others = {name: Config.fromfile(osp.join(REPO, 'configs', name)) for name in (
        'deim/deim_hgnetv2_n_synth_pretrained_8e_cls3.py',
        'natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_no_prior.py',
        'natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_no_attention.py')}
    for name, cfg in others.items():
        for key in RECIPE_KEYS:
            assert cfg.get(key) == main.get(key), (name, key)
        assert cfg.model.bbox_head.loss_cls == main.model.bbox_head.loss_cls, name
    for cfg in (main, *others.values()):
        assert cfg.train_cfg.max_epochs == 8 and cfg.model.bbox_head.loss_cls.loss_weight == 3.0
        assert cfg.model.backbone.ebb_pretrained == v1.model.backbone.ebb_pretrained
        assert cfg.optim_wrapper.optimizer.lr == 2 * v1.optim_wrapper.optimizer.lr
        assert cfg.custom_hooks == v1.custom_hooks
    assert main.model.backbone.lpb_frozen and main.model.backbone.lpb_checkpoint
    # the no-attention ablation keeps the main job's pre-trained, frozen landmark branch
    no_attention = others['natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_no_attention.py']
    assert no_attention.model.backbone == main.model.backbone
    # each ablation changes the one neck switch it is named after
    for name, switch in (('no_prior', 'prior_channels'), ('no_attention', 'use_attention')):
        cfg = others[f'natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3_{name}.py']
        changed = {k for k in {*main.model.neck, *cfg.model.neck}
                   if cfg.model.neck.get(k) != main.model.neck.get(k)}
        assert changed == {switch}, (name, changed)


def test_the_lite_main_job_uses_the_lite_model_base():
    """natten_deim_n_lite_synth_pretrained.py inherits the main job, so it repeats
    _base_/models/natten_deim_n_lite.py's neck and decoder inputs (mmengine refuses two bases
    that both set `model`): the two must stay the same model."""
    leaf = Config.fromfile(
        osp.join(REPO, 'configs/natten_deim/natten_deim_n_lite_synth_pretrained.py'))
    base = Config.fromfile(osp.join(REPO, 'configs/_base_/models/natten_deim_n_lite.py'))
    assert leaf.model.neck == base.model.neck
    assert leaf.model.bbox_head.transformer == base.model.bbox_head.transformer


def make_variable(name, *overrides):
    """The value make gives the Makefile's variable ``name`` (with VAR=value overrides)."""
    return subprocess.run(
        ['make', '-s', '--no-print-directory', '-C', REPO, '--eval', 'print-%: ; @echo $($*)',
         f'print-{name}', *overrides], check=True, capture_output=True, text=True).stdout.strip()


def test_make_pretrained_makes_the_file_the_main_job_loads():
    makefile = open(osp.join(REPO, 'Makefile'), encoding='utf-8').read()
    main = Config.fromfile(osp.join(REPO, make_variable('PRETRAIN_CONFIG')))
    assert make_variable('EBB_PRETRAINED') == main.model.backbone.ebb_pretrained
    assert make_variable('LPB_PRETRAINED') == main.model.backbone.lpb_checkpoint
    assert make_variable('TRAIN_OPTIONS') == ''  # the config's own paths
    assert 'train-demo: setup pretrained' in makefile
    assert make_variable('CONFIG') == make_variable('PRETRAIN_CONFIG')


def test_make_pretrained_into_another_dir_trains_on_it(tmp_path):
    made = subprocess.run(['make', '-n', '-C', REPO, 'pretrained', f'PRETRAINED_DIR={tmp_path}',
                           'PRETRAIN_SEED=7'], check=True, capture_output=True, text=True).stdout
    for tool, branch in (('pretrain_expression_branch', 'hgnetv2_b0_expression'),
                         ('train_lpb_landmarks', 'mobilefacenet_landmarks')):
        command = ' '.join(line for line in made.replace('\\\n', ' ').splitlines()
                           if tool in line)
        assert f'{tmp_path}/synth_multi_{branch}.pth' in command and '--seed 7' in command
    other = ('PRETRAINED_DIR=work_dirs/pretrained_seed1', 'PRETRAIN_SEED=1')
    ebb, lpb = (make_variable(name, *other) for name in ('EBB_PRETRAINED', 'LPB_PRETRAINED'))
    assert ebb.startswith('work_dirs/pretrained_seed1/')
    assert make_variable('TRAIN_OPTIONS', *other).split() == [
        '--cfg-options', f'model.backbone.ebb_pretrained={ebb}',
        f'model.backbone.lpb_checkpoint={lpb}']


@pytest.mark.parametrize('base, side, zoom_out, pillow', [
    ('synth_fer_deim.py', 160, True, False), ('synth_fer_multi_deim.py', 160, False, False),
    ('rafdb_deim.py', 640, True, False), ('rafdb_deim_320.py', 320, True, False),
    ('coco_deim.py', 640, True, True)])
def test_the_dataset_bases_differ_in_scale_and_data_not_in_pipelines(base, side, zoom_out, pillow):
    """Each DEIM-style dataset base's pipelines are the presets at its img_scale: a child that
    changes the scale (rafdb_deim_320.py) changes every transform that sizes the image."""
    cfg = Config.fromfile(osp.join(REPO, 'configs/_base_/datasets', base))
    scale = (side, side)
    assert cfg.img_scale == scale
    train = cfg.train_dataloader.dataset
    assert train.pipeline == deim_train_pipeline(scale, zoom_out=zoom_out)
    assert tuple(train.skip_type_keys) == deim_augmentations(train.pipeline)
    assert train.dataset.pipeline == deim_load_pipeline(pillow=pillow)
    for loader in (cfg.val_dataloader, cfg.test_dataloader):
        assert loader.dataset.pipeline == deim_test_pipeline(scale, pillow=pillow)
