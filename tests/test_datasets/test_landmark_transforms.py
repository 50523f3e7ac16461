import numpy as np
import pytest

from mmfer.datasets import LANDMARK_FLIP_INDICES, SyntheticFERDataset
from mmfer.datasets.synthetic import read_synthetic_info
from mmfer.datasets.transforms import (
    LoadFaceAnnotations,
    PackFaceInputs,
    RandomFlipWithLandmarks,
    ResizeWithLandmarks,
)


@pytest.fixture
def dataset(tiny_synthetic_root):
    return SyntheticFERDataset(
        data_root=tiny_synthetic_root, synthetic=read_synthetic_info(tiny_synthetic_root)['config'],
        ann_file='annotations/synth_train.json', data_prefix=dict(img='images/train/'),
        pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadFaceAnnotations')])


def test_dataset_loads_landmarks(dataset):
    results = dataset[0]
    assert results['gt_keypoints'].shape == (1, 5, 3)
    box = results['gt_bboxes'].tensor.numpy()[0]
    kp = results['gt_keypoints'][0]
    assert (kp[:, 0] >= box[0]).all() and (kp[:, 0] <= box[2]).all()
    assert dataset.metainfo['classes'][0] == 'Surprise'


def test_resize_and_flip_move_landmarks_with_the_face(dataset):
    results = dataset[0]
    kp = results['gt_keypoints'].copy()
    resized = ResizeWithLandmarks(scale=(192, 192), keep_ratio=True).transform(results)
    scale = 192 / 96
    assert np.allclose(resized['gt_keypoints'][..., :2], kp[..., :2] * scale, atol=1e-4)
    flip = RandomFlipWithLandmarks(prob=1.0, direction='horizontal')
    flipped = flip.transform(resized)
    expected_x = 192 - kp[0, list(LANDMARK_FLIP_INDICES), 0] * scale
    assert np.allclose(flipped['gt_keypoints'][0, :, 0], expected_x, atol=1e-4)
    # the left eye is still left of the right eye in the image after the flip
    assert flipped['gt_keypoints'][0, 0, 0] < flipped['gt_keypoints'][0, 1, 0]
    assert np.array_equal(flipped['gt_keypoints'][0, :, 2], kp[0, LANDMARK_FLIP_INDICES, 2])


def test_pack_puts_landmarks_in_data_sample(dataset):
    packed = PackFaceInputs().transform(dataset[1])
    sample = packed['data_samples']
    assert tuple(sample.gt_instances.keypoints.shape) == (1, 5, 3)
    assert len(sample.gt_instances.labels) == 1


def test_load_without_instances_gives_empty_landmarks():
    results = LoadFaceAnnotations().transform(dict(instances=[], img_shape=(10, 10)))
    assert results['gt_keypoints'].shape == (0, 5, 3)
