"""The dataset bases' pipelines (configs/_base_/datasets/): the scale reaches every transform
that sizes the image, the switched augmentations are the ones the pipeline has, and the
pipelines run and give images of their scale."""
import os.path as osp

import pytest
from mmengine.config import Config

from mmfer.datasets import SyntheticFERDataset
from mmfer.datasets.synthetic import read_synthetic_info
from mmfer.engine.hooks.dense_o2o_hook import POLICY_TYPES
from mmfer.recipes.mmdet_recipes import rescale_sizes
from tests.conftest import REPO

DEIM_BASES = {'face_detection.py': 640, 'rafdb_320.py': 320, 'synth.py': 160,
              'coco_deim.py': 640}


def base(name):
    return Config.fromfile(osp.join(REPO, 'configs/_base_/datasets', name)).to_dict()


def _dataset(root, pipeline, load=None):
    return SyntheticFERDataset(
        data_root=root, synthetic=read_synthetic_info(root)['config'],
        ann_file='annotations/synth_test.json', data_prefix=dict(img='images/test/'),
        pipeline=(load or []) + pipeline, test_mode=True)


@pytest.mark.parametrize('name, side', DEIM_BASES.items())
def test_the_scale_reaches_every_transform_that_sizes_the_image(name, side):
    cfg = base(name)
    scale = (side, side)
    train = cfg['train_dataloader']['dataset']
    steps = {t['type']: t for t in train['pipeline']}
    assert steps['MosaicAffine']['img_scale'] == (side // 2, side // 2)
    assert steps['Resize']['scale'] == scale and not steps['Resize']['keep_ratio']
    for loader in ('val_dataloader', 'test_dataloader'):
        sizes = [t['scale'] for t in cfg[loader]['dataset']['pipeline'] if 'scale' in t]
        assert sizes == [scale]
    # the top-level variables say what the loaders run
    assert cfg['train_pipeline'] == train['pipeline']
    assert cfg['test_pipeline'] == cfg['test_dataloader']['dataset']['pipeline']


@pytest.mark.parametrize('name, side', DEIM_BASES.items())
def test_the_bases_differ_in_scale_zoom_out_and_decoder_only(name, side):
    """Every DEIM base's pipelines are face_detection.py's at its scale; the synthetic set
    leaves zoom-out out (small faces in multi-face images would shrink to a few pixels), COCO
    decodes and resizes with Pillow (bilinear), as torchvision does in DEIM's evaluation."""
    reference, cfg = base('face_detection.py'), base(name)
    factor = side / 640
    train = rescale_sizes(reference['train_dataloader']['dataset']['pipeline'], factor)
    test = rescale_sizes(reference['test_dataloader']['dataset']['pipeline'], factor)
    load = reference['train_dataloader']['dataset']['dataset']['pipeline']
    if name == 'synth.py':
        train = [t for t in train if t['type'] != 'ZoomOut']
    if name == 'coco_deim.py':
        load = [dict(load[0], imdecode_backend='pillow'), load[1]]
        test = [load[0], dict(test[1], backend='pillow', interpolation='bilinear'), *test[2:]]
    dataset = cfg['train_dataloader']['dataset']
    assert dataset['pipeline'] == train and dataset['dataset']['pipeline'] == load
    assert cfg['test_dataloader']['dataset']['pipeline'] == test
    # the stages of DenseO2OHook switch the augmentations this pipeline has, in its order
    assert tuple(dataset['skip_type_keys']) == tuple(
        t['type'] for t in dataset['pipeline'] if t['type'] in POLICY_TYPES)


def test_the_test_pipelines_give_images_of_the_scale(tiny_synthetic_root):
    deim = _dataset(tiny_synthetic_root, base('synth.py')['test_pipeline'])[0]
    assert tuple(deim['inputs'].shape[1:]) == (160, 160)
    face_cfg = base('synth_fer_detection.py')
    assert [t['scale'] for t in face_cfg['test_pipeline'] if 'scale' in t] == [(160, 160)]
    face = _dataset(tiny_synthetic_root, face_cfg['test_pipeline'])[0]
    assert max(face['inputs'].shape[1:]) <= 160  # keep-ratio: fits inside
    assert len(face['data_samples'].gt_instances) == 1


def test_the_training_pipeline_runs_with_its_augmentations_on(tiny_synthetic_root):
    # single images through the augmentations that need no mosaic partner
    cfg = base('synth.py')
    pipeline = [t for t in cfg['train_pipeline'] if t['type'] != 'MosaicAffine']
    load = cfg['train_dataloader']['dataset']['dataset']['pipeline']
    sample = _dataset(tiny_synthetic_root, pipeline, load=load)[0]
    assert tuple(sample['inputs'].shape[1:]) == (160, 160)
