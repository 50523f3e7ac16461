"""The robustness sweep: each factor changes the input as it says, boxes and landmarks follow
the image, the landmark prior alone is perturbed
(the clean level against tools/test.py: tests/test_tools/test_robustness_sweep.py)."""

import numpy as np
import pytest
import torch

from mmfer.evaluation.robustness import (
    FACTORS,
    LandmarkPriorPerturbation,
    apply,
    blur,
    illumination,
    occlusion,
    rotation,
    scale,
)
from tests.conftest import main_model_config


def square_sample(size=200, box=(60, 50, 140, 150)):
    """A grey image with one white rectangle (the face box) and landmarks inside it."""
    img = np.full((size, size, 3), 40, np.uint8)
    x0, y0, x1, y1 = box
    img[y0:y1, x0:x1] = 255
    points = np.array([[[80, 80, 2], [120, 80, 2], [100, 100, 2], [85, 125, 2], [115, 125, 2]]],
                      np.float32)
    return dict(img=img, bboxes=np.array([box], np.float32), keypoints=points)


def white_extent(img):
    ys, xs = np.nonzero(img[..., 0] > 200)
    return np.array([xs.min(), ys.min(), xs.max() + 1, ys.max() + 1], np.float32)


@pytest.mark.parametrize('degrees', [30.0, -45.0])
def test_rotation_moves_boxes_and_landmarks_with_the_image(degrees):
    out = rotation(square_sample(), degrees)
    # the box is the axis-aligned hull of the rotated face, which is what the pixels show
    assert np.abs(out['bboxes'][0] - white_extent(out['img'])).max() <= 2.0
    # each landmark's pixel neighbourhood is still face (white)
    for x, y, _ in out['keypoints'][0]:
        assert out['img'][int(round(y)), int(round(x)), 0] > 200
    # distances between landmarks are kept (a rotation), their direction turned
    before, after = square_sample()['keypoints'][0, :2, :2], out['keypoints'][0, :2, :2]
    assert np.isclose(np.linalg.norm(after[1] - after[0]), np.linalg.norm(before[1] - before[0]),
                      atol=1e-3)
    angle = np.degrees(np.arctan2(*(after[1] - after[0])[::-1]))
    assert np.isclose(abs(angle), abs(degrees), atol=0.5)


def test_scale_shrinks_the_faces_and_keeps_the_image_size():
    out = scale(square_sample(), 0.5)
    assert out['img'].shape == (200, 200, 3)
    assert np.allclose(out['bboxes'][0], np.array([60, 50, 140, 150]) * 0.5)
    assert np.abs(out['bboxes'][0] - white_extent(out['img'])).max() <= 1.0
    assert np.allclose(out['keypoints'][0, :, :2], square_sample()['keypoints'][0, :, :2] * 0.5)


def test_occlusion_covers_the_part_it_names_and_nothing_else():
    sample = square_sample()
    eyes = occlusion(sample, 'eyes', 0.2)['img']
    mouth = occlusion(sample, 'mouth', 0.2)['img']
    assert (eyes[80, 80] == 128).all() and (eyes[80, 120] == 128).all()
    assert (eyes[125, 100] == 255).all()  # the mouth untouched
    assert (mouth[125, 100] == 128).all() and (mouth[80, 80] == 255).all()
    # without landmarks: a random patch inside the face
    no_points = dict(sample, keypoints=np.zeros_like(sample['keypoints']))
    changed = np.nonzero((occlusion(no_points, 'eyes', 0.3)['img'] != sample['img']).any(-1))
    assert changed[0].min() >= 50 and changed[0].max() < 150


def test_illumination_and_blur_change_the_pixels_as_named():
    sample = square_sample()
    img = sample['img'].astype(float)
    assert illumination(sample, 'gamma-0.5')['img'][0, 0, 0] > img[0, 0, 0]
    assert illumination(sample, 'gamma-2')['img'][0, 0, 0] < img[0, 0, 0]
    back = illumination(sample, 'backlight')['img'].astype(float)
    assert back[100, 100, 0] < img[100, 100, 0] and back[0, 0, 0] > img[0, 0, 0]
    blurred = blur(sample, 4.0)['img'].astype(float)
    assert np.abs(np.diff(blurred, axis=1)).max() < np.abs(np.diff(img, axis=1)).max()
    with pytest.raises(ValueError, match='unknown illumination'):
        illumination(sample, 'moonlight')
    # every image factor's clean level is the image itself
    for factor, levels in FACTORS.items():
        if factor != 'landmark_prior':
            assert levels[0].value is None and apply(factor, None, sample) is sample


def test_the_landmark_prior_perturbation_changes_only_what_the_branch_reads():
    from mmfer.registry import MODELS
    torch.manual_seed(0)
    model = MODELS.build(main_model_config()).eval()
    x = torch.rand(1, 3, 160, 160)
    with torch.no_grad():
        clean = model.backbone(x)
        for level in (('shift', 0.1), ('rotate', 30.0), ('noise', 0.5)):
            with LandmarkPriorPerturbation(model, level):
                moved = model.backbone(x)
            assert all(torch.equal(a, b) for a, b in zip(clean[:3], moved[:3]))  # expression
            assert not torch.allclose(clean[3], moved[3])                        # prior
        assert all(torch.equal(a, b) for a, b in zip(clean, model.backbone(x)))  # hook removed
