import json
import os
import os.path as osp

import cv2
import numpy as np
import pytest

from mmfer.datasets import EXPRESSION_CLASSES
from mmfer.datasets.synthetic import (
    SyntheticConfig,
    generate_synthetic_dataset,
    make_synthetic_image,
)


def make_synthetic_sample(cfg, split, index):
    """The one face of a single-face image: (image, label, bbox, keypoints)."""
    img, (face,) = make_synthetic_image(cfg, split, index)
    return img, face.label, face.bbox, face.keypoints


def test_same_seed_same_sample_and_other_seed_differs():
    cfg = SyntheticConfig(seed=5, img_size=64)
    img_a, label_a, box_a, kp_a = make_synthetic_sample(cfg, 'train', 7)
    img_b, label_b, box_b, kp_b = make_synthetic_sample(cfg, 'train', 7)
    assert np.array_equal(img_a, img_b) and label_a == label_b
    assert box_a == box_b and np.array_equal(kp_a, kp_b)
    img_c, *_ = make_synthetic_sample(SyntheticConfig(seed=6, img_size=64), 'train', 7)
    assert not np.array_equal(img_a, img_c)
    img_d, *_ = make_synthetic_sample(cfg, 'test', 7)
    assert not np.array_equal(img_a, img_d)


def test_sample_geometry():
    cfg = SyntheticConfig(seed=0, img_size=128)
    for index in range(50):
        img, label, (x, y, w, h), kp = make_synthetic_sample(cfg, 'train', index)
        assert img.shape == (128, 128, 3) and img.dtype == np.uint8
        assert 0 <= label < len(EXPRESSION_CLASSES)
        assert x >= 0 and y >= 0 and x + w <= 128 and y + h <= 128
        assert cfg.min_face * 128 * 0.99 <= w
        assert kp.shape == (5, 3) and set(np.unique(kp[:, 2])) <= {1.0, 2.0}
        assert (kp[:, 0] >= x).all() and (kp[:, 0] <= x + w).all()
        assert (kp[:, 1] >= y).all() and (kp[:, 1] <= y + h).all()
        # the eyes sit above the nose, which sits above the mouth corners (rotation <= 15 deg)
        assert kp[:2, 1].max() < kp[2, 1] < kp[3:, 1].min()


def test_every_expression_appears_and_classes_differ_in_pixels():
    cfg = SyntheticConfig(seed=1, img_size=96)
    crops, labels = [], []
    for index in range(420):
        img, label, (x, y, w, h), _ = make_synthetic_sample(cfg, 'train', index)
        x, y, w, h = (int(round(v)) for v in (x, y, w, h))
        crop = cv2.resize(cv2.cvtColor(img[y:y + h, x:x + w], cv2.COLOR_RGB2GRAY), (24, 24))
        crop = crop.astype(np.float64).ravel()
        crops.append((crop - crop.mean()) / (crop.std() + 1e-6))
        labels.append(label)
    crops, labels = np.array(crops), np.array(labels)
    assert (np.bincount(labels, minlength=7) >= 30).all()
    # the expression is in the pixels: the nearest class mean of 300 faces' crops names the
    # expression of 120 others far above chance (1 / 7); measured 0.62
    train, test = slice(0, 300), slice(300, 420)
    means = np.stack([crops[train][labels[train] == c].mean(0) for c in range(7)])
    nearest = ((crops[test][:, None] - means[None]) ** 2).sum(-1).argmin(1)
    assert (nearest == labels[test]).mean() > 0.45


def test_generated_layout_matches_converter(tiny_synthetic_root):
    for split, num in (('train', 21), ('test', 14)):
        with open(osp.join(tiny_synthetic_root, 'annotations', f'synth_{split}.json')) as f:
            coco = json.load(f)
        assert [c['id'] for c in coco['categories']] == list(range(1, 8))
        assert [c['name'] for c in coco['categories']] == list(EXPRESSION_CLASSES)
        assert len(coco['images']) == num == len(coco['annotations'])
        for img, ann in zip(coco['images'], coco['annotations']):
            assert osp.isfile(osp.join(tiny_synthetic_root, 'images', split, img['file_name']))
            assert ann['image_id'] == img['id'] and 1 <= ann['category_id'] <= 7
            assert len(ann['keypoints']) == 15 and ann['num_keypoints'] == 5
            assert ann['area'] == pytest.approx(ann['bbox'][2] * ann['bbox'][3])


def test_generation_is_idempotent_and_never_overwrites_other_data(tmp_path):
    root = str(tmp_path / 'synth')
    cfg = SyntheticConfig(seed=2, img_size=48, num_train=3, num_test=2)
    assert generate_synthetic_dataset(root, cfg) is True
    stamp = os.stat(osp.join(root, 'annotations', 'synth_train.json')).st_mtime_ns
    assert generate_synthetic_dataset(root, cfg) is False
    assert os.stat(osp.join(root, 'annotations', 'synth_train.json')).st_mtime_ns == stamp

    other = SyntheticConfig(seed=3, img_size=48, num_train=3, num_test=2)
    with pytest.raises(FileExistsError, match='other settings'):
        generate_synthetic_dataset(root, other)
    assert generate_synthetic_dataset(root, other, force=True) is True

    user_dir = tmp_path / 'mine'
    user_dir.mkdir()
    (user_dir / 'precious.txt').write_text('keep me')
    with pytest.raises(FileExistsError, match='not an mmfer synthetic dataset'):
        generate_synthetic_dataset(str(user_dir), cfg)
    assert (user_dir / 'precious.txt').read_text() == 'keep me'
    assert not any(p.name.startswith('mine.partial') for p in tmp_path.iterdir())


@pytest.mark.parametrize('kwargs, message', [
    (dict(img_size=16), 'img_size must be at least 32 pixels, got 16'),
    (dict(num_train=-1), 'must not be negative'),
    (dict(min_face=0.7, max_face=0.5), r'0 < min_face <= max_face <= 0.9, got 0.7, 0.5')])
def test_bad_config_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SyntheticConfig(**kwargs)


def test_training_images_can_hold_several_faces_that_do_not_overlap():
    cfg = SyntheticConfig(seed=4, img_size=160, faces_per_image=(2, 4))
    counts = []
    for index in range(40):
        img, faces = make_synthetic_image(cfg, 'train', index)
        counts.append(len(faces))
        boxes = [(x, y, x + w, y + h) for x, y, w, h in (f.bbox for f in faces)]
        for i, a in enumerate(boxes):
            assert 0 <= a[0] and 0 <= a[1] and a[2] <= 160 and a[3] <= 160
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert min(counts) >= 2 and max(counts) == 4 and len(set(counts)) == 3
    # the benchmark is fixed: test images hold one face, the same as with one per image
    img, faces = make_synthetic_image(cfg, 'test', 3)
    single, _ = make_synthetic_image(SyntheticConfig(seed=4, img_size=160), 'test', 3)
    assert len(faces) == 1 and np.array_equal(img, single)
    with pytest.raises(ValueError, match='faces_per_image'):
        SyntheticConfig(faces_per_image=(3, 2))


def test_multi_face_sets_write_an_annotation_per_face(tmp_path):
    cfg = SyntheticConfig(seed=2, img_size=64, num_train=6, num_test=2, faces_per_image=(3, 3))
    generate_synthetic_dataset(str(tmp_path / 's'), cfg)
    with open(tmp_path / 's' / 'annotations' / 'synth_train.json') as f:
        coco = json.load(f)
    per_image = np.bincount([a['image_id'] for a in coco['annotations']])[1:]
    assert len(coco['images']) == 6 and (per_image >= 2).all() and per_image.max() == 3
    assert len({a['id'] for a in coco['annotations']}) == len(coco['annotations'])
    assert coco['info']['config']['faces_per_image'] == [3, 3]
