"""FaceCropDataset: every face of a detection dataset as a crop, with its label and landmarks."""
import numpy as np
import pytest
import torch

from mmfer.datasets import FaceCropDataset
from tests.conftest import TINY_SYNTHETIC


def faces(root, split='train'):
    synthetic = dict(seed=TINY_SYNTHETIC.seed, img_size=TINY_SYNTHETIC.img_size,
                     num_train=TINY_SYNTHETIC.num_train, num_test=TINY_SYNTHETIC.num_test)
    return dict(type='SyntheticFERDataset', data_root=root, synthetic=synthetic,
                ann_file=f'annotations/synth_{split}.json',
                data_prefix=dict(img=f'images/{split}/'))


def test_crops_hold_their_face_label_and_landmarks(tiny_synthetic_root):
    dataset = FaceCropDataset(faces(tiny_synthetic_root), crop_size=112, test_mode=True)
    assert len(dataset) == TINY_SYNTHETIC.num_train  # one face per image
    item = dataset[0]
    assert item['inputs'].shape == (3, 112, 112) and item['inputs'].dtype == torch.uint8
    sample = item['data_samples']
    assert 0 <= int(sample['label']) < 7 and sample['landmarks'].shape == (5, 2)
    points = sample['landmarks']
    # the box (widened by 10 %) holds every landmark; eyes above the mouth, left eye left
    assert ((points > 0) & (points < 1)).all()
    assert points[0, 0] < points[1, 0] and points[2, 1] < points[3:, 1].min()
    assert dataset.metainfo['classes'][0] == 'Surprise'


def test_landmarks_without_the_image_equal_the_crops(tiny_synthetic_root):
    dataset = FaceCropDataset(faces(tiny_synthetic_root), crop_size=64, test_mode=True)
    for i in range(len(dataset)):
        sample = dataset[i]['data_samples']
        points, visible = dataset.landmarks(i)
        assert torch.allclose(sample['landmarks'], points, atol=1e-5)
        assert torch.equal(sample['visible'], visible)
    mean, std = dataset.landmark_statistics()
    assert mean.shape == std.shape == (5, 2) and (std > 0).all()


def test_flips_keep_the_left_eye_on_the_left_and_jitter_moves_the_crop(tiny_synthetic_root):
    np.random.seed(0)
    flipped = FaceCropDataset(faces(tiny_synthetic_root), crop_size=64, flip_prob=1.0,
                              box_jitter=0.05, photometric=True)
    plain = FaceCropDataset(faces(tiny_synthetic_root), crop_size=64, test_mode=True)
    for i in range(5):
        points = flipped[i]['data_samples']['landmarks']
        assert points[0, 0] < points[1, 0]
        assert not torch.equal(flipped[i]['inputs'], plain[i]['inputs'])
    # in test mode nothing is random
    assert torch.equal(plain[3]['inputs'], plain[3]['inputs'])


def test_a_set_without_landmarks_is_named(tiny_synthetic_root, tmp_path):
    import json
    import shutil
    root = tmp_path / 'synth'
    shutil.copytree(tiny_synthetic_root, root)
    ann = root / 'annotations/synth_train.json'
    coco = json.loads(ann.read_text())
    for a in coco['annotations']:
        a['keypoints'], a['num_keypoints'] = [0] * 15, 0
    ann.write_text(json.dumps(coco))
    cfg = dict(faces(str(root)), type='RAFDBDataset')
    cfg.pop('synthetic')
    with pytest.raises(ValueError, match='synth_train.json: no face with landmarks'):
        FaceCropDataset(cfg, with_landmarks=True)
