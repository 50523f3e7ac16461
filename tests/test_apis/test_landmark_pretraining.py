import os.path as osp

import pytest
import torch

from mmfer.apis import FaceLandmarkCrops, train_landmark_branch
from mmfer.models.backbones import DualBranchBackbone


def paths(root):
    return [osp.join(root, 'annotations/synth_train.json'), osp.join(root, 'images/train'),
            osp.join(root, 'annotations/synth_test.json'), osp.join(root, 'images/test')]


def test_crops_hold_their_landmarks(tiny_synthetic_root):
    image, points, visible = FaceLandmarkCrops(*paths(tiny_synthetic_root)[:2])[0]
    assert image.shape == (3, 112, 112) and points.shape == (5, 2)
    # the box (widened by 10%) holds every landmark: all inside the crop
    assert ((points > 0) & (points < 1)).all()
    assert points[0, 0] < points[1, 0] and points[2, 1] < points[3:, 1].min()


def test_flip_keeps_left_landmarks_on_the_left(tiny_synthetic_root):
    data = FaceLandmarkCrops(*paths(tiny_synthetic_root)[:2], augment=True)
    for i in range(10):
        _, points, _ = data[i]
        assert points[0, 0] < points[1, 0]


def test_training_lowers_the_loss_and_writes_a_loadable_checkpoint(tmp_path,
                                                                   tiny_synthetic_root):
    out = str(tmp_path / 'lpb.pth')
    history = train_landmark_branch(*paths(tiny_synthetic_root), out_file=out, epochs=6,
                                    batch_size=8, log=lambda msg: None)
    assert history['train_loss'][-1] < history['train_loss'][0]
    backbone = DualBranchBackbone('N', lpb_checkpoint=out)
    saved = torch.load(out, weights_only=True)['state_dict']
    assert torch.equal(backbone.lpb.conv1.conv.weight, saved['conv1.conv.weight'])
    with pytest.raises(FileExistsError, match='--force'):
        train_landmark_branch(*paths(tiny_synthetic_root), out_file=out, epochs=1)


def test_landmarks_without_the_image_equal_the_crops(tiny_synthetic_root):
    data = FaceLandmarkCrops(*paths(tiny_synthetic_root)[:2])
    for i in range(len(data)):
        _, points, visible = data[i]
        fast_points, fast_visible = data.landmarks(i)
        assert torch.allclose(points, fast_points, atol=1e-5)
        assert torch.equal(visible, fast_visible)
