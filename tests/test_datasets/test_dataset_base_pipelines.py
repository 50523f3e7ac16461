"""The dataset bases' pipelines: one definition, the image scale as the parameter."""
import pytest

from mmfer.datasets import SyntheticFERDataset
from mmfer.datasets.synthetic import read_synthetic_info
from mmfer.datasets.transforms.presets import (
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
    face_test_pipeline,
    face_train_pipeline,
)


def _dataset(root, pipeline, load=None):
    return SyntheticFERDataset(
        data_root=root, synthetic=read_synthetic_info(root)['config'],
        ann_file='annotations/synth_test.json', data_prefix=dict(img='images/test/'),
        pipeline=(load or []) + pipeline, test_mode=True)


@pytest.mark.parametrize('scale', [(64, 64), (128, 96)])
def test_the_scale_reaches_every_transform_that_sizes_the_image(scale):
    train = {t['type']: t for t in deim_train_pipeline(scale)}
    assert train['MosaicAffine']['img_scale'] == (scale[0] // 2, scale[1] // 2)
    assert train['Resize']['scale'] == scale and not train['Resize']['keep_ratio']
    for pipeline in (deim_test_pipeline(scale), face_train_pipeline(scale),
                     face_test_pipeline(scale)):
        sizes = [t['scale'] for t in pipeline if 'scale' in t]
        assert sizes == [scale]


def test_zoom_out_can_be_left_out_and_the_skipped_augmentations_follow():
    full, no_zoom = deim_train_pipeline((64, 64)), deim_train_pipeline((64, 64), zoom_out=False)
    assert deim_augmentations(full) == ('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut',
                                        'IoUCrop')
    assert deim_augmentations(no_zoom) == ('MosaicAffine', 'PhotoMetricDistortion', 'IoUCrop')
    assert [t for t in full if t['type'] != 'ZoomOut'] == no_zoom


def test_pillow_decodes_and_resizes_with_pillow():
    load, resize = deim_test_pipeline((64, 64), pillow=True)[:2]
    assert load['imdecode_backend'] == 'pillow'
    assert resize['backend'] == 'pillow' and resize['interpolation'] == 'bilinear'
    assert deim_load_pipeline(pillow=True)[0]['imdecode_backend'] == 'pillow'


@pytest.mark.parametrize('scale', [(64, 64), (128, 96)])
def test_the_test_pipelines_give_images_of_the_scale(tiny_synthetic_root, scale):
    w, h = scale
    deim = _dataset(tiny_synthetic_root, deim_test_pipeline(scale))[0]
    assert tuple(deim['inputs'].shape[1:]) == (h, w)
    face = _dataset(tiny_synthetic_root, face_test_pipeline(scale))[0]
    assert max(face['inputs'].shape[1:]) <= max(scale)  # keep-ratio: fits inside
    assert len(face['data_samples'].gt_instances) == 1


def test_the_training_pipeline_runs_with_its_augmentations_on(tiny_synthetic_root):
    # single images through the augmentations that need no mosaic partner
    pipeline = [t for t in deim_train_pipeline((64, 64)) if t['type'] != 'MosaicAffine']
    sample = _dataset(tiny_synthetic_root, pipeline, load=deim_load_pipeline())[0]
    assert tuple(sample['inputs'].shape[1:]) == (64, 64)
