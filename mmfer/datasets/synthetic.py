"""A synthetic expression-face dataset in the COCO layout of the RAF-DB converter.

Each image holds one cartoon face on a cluttered background (training images can hold several:
``faces_per_image``). The 7 expressions differ in the
mouth (curve, opening), the eyes (opening) and the brows (height, slant, arch); an intensity
drawn per face blends every expression towards neutral, and every feature is jittered, so the
classes overlap and the task is learnable but not trivial. Faces vary in position, scale, rotation
and colour; some are partly occluded; some images hold a featureless face-like distractor.

Everything is drawn from ``numpy.random.default_rng([seed, split, index])``: one seed always
gives the same pixels, boxes and landmarks, whatever order images are made in.

Layout written by :func:`generate_synthetic_dataset` under ``root``::

    root/images/{train,test}/000000.jpg
    root/annotations/synth_{train,test}.json   (COCO: a box per face, category = expression ids
                                                1..7, 5 landmarks as keypoints)
"""
import json
import os
import os.path as osp
import shutil
from dataclasses import asdict, dataclass
from typing import List, NamedTuple, Tuple

import cv2
import numpy as np

from mmfer.utils.io import dump_json_atomic

from .expressions import EXPRESSION_CLASSES, coco_categories

GENERATOR_VERSION = 1
SPLITS = ('train', 'test')

# Per expression: eye opening (height / width), brow inner and outer height, brow arch,
# mouth curve (+ smiles), mouth opening, mouth width, mouth asymmetry. Face-local units: the face
# half-width is 1, y grows downwards. Neutral is the reference every expression blends towards.
_EXPRESSION_SHAPES = {
    'Surprise': dict(eye=0.95, brow_in=-0.60, brow_out=-0.58, arch=0.12, curve=0.00, open=0.24,
                     width=0.16, asym=0.00),
    'Fear': dict(eye=0.85, brow_in=-0.60, brow_out=-0.44, arch=-0.03, curve=-0.05, open=0.12,
                 width=0.34, asym=0.00),
    'Disgust': dict(eye=0.30, brow_in=-0.28, brow_out=-0.36, arch=0.00, curve=-0.02, open=0.03,
                    width=0.26, asym=0.14),
    'Happiness': dict(eye=0.28, brow_in=-0.42, brow_out=-0.42, arch=0.05, curve=0.20, open=0.05,
                      width=0.34, asym=0.00),
    'Sadness': dict(eye=0.45, brow_in=-0.52, brow_out=-0.32, arch=0.00, curve=-0.16, open=0.00,
                    width=0.26, asym=0.00),
    'Anger': dict(eye=0.32, brow_in=-0.24, brow_out=-0.46, arch=-0.02, curve=-0.03, open=0.06,
                  width=0.28, asym=0.00),
    'Neutral': dict(eye=0.50, brow_in=-0.40, brow_out=-0.40, arch=0.02, curve=0.00, open=0.00,
                    width=0.26, asym=0.00),
}
_SKIN_TONES = np.array([(224, 190, 160), (198, 150, 120), (160, 110, 80), (110, 75, 55),
                        (240, 210, 185), (180, 140, 100)], dtype=np.float64)  # RGB


@dataclass(frozen=True)
class SyntheticConfig:
    """What a synthetic dataset is made from; stored in the COCO ``info`` to detect changes.

    Args:
        seed (int): the seed every image's random stream derives from.
        img_size (int): width and height of the square images, in pixels.
        num_train (int): number of training images.
        num_test (int): number of test images.
        min_face (float): smallest face width as a fraction of ``img_size``.
        max_face (float): largest face width as a fraction of ``img_size``.
        occlusion_prob (float): probability that a rectangle hides part of the face.
        distractor_prob (float): probability of a featureless face-like ellipse in the image.
        faces_per_image (tuple[int, int]): the range of faces per training image (test images
            always hold one, so the benchmark stays the same). With k faces, the face widths
            are scaled by 1 / sqrt(k) and the faces do not overlap.
    """
    seed: int = 0
    img_size: int = 160
    num_train: int = 700
    num_test: int = 210
    min_face: float = 0.3
    max_face: float = 0.6
    occlusion_prob: float = 0.25
    distractor_prob: float = 0.15
    faces_per_image: Tuple[int, int] = (1, 1)

    def __post_init__(self):
        if self.img_size < 32:
            raise ValueError(f'img_size must be at least 32 pixels, got {self.img_size}')
        if self.num_train < 0 or self.num_test < 0:
            raise ValueError('num_train and num_test must not be negative')
        if not 0 < self.min_face <= self.max_face <= 0.9:
            raise ValueError('need 0 < min_face <= max_face <= 0.9, got '
                             f'{self.min_face}, {self.max_face}')
        low, high = self.faces_per_image
        if not 1 <= low <= high <= 9:
            raise ValueError(f'faces_per_image must be a range within [1, 9], got '
                             f'{self.faces_per_image}')
        object.__setattr__(self, 'faces_per_image', (int(low), int(high)))


def _to_image(points: np.ndarray, center: np.ndarray, half_width: float,
              angle: float) -> np.ndarray:
    """Map face-local points (N, 2) to image coordinates (N, 2)."""
    c, s = np.cos(angle), np.sin(angle)
    rot = np.array([[c, -s], [s, c]])
    return points @ rot.T * half_width + center


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    """A two-colour gradient with random clutter shapes, (size, size, 3) uint8 RGB."""
    c0, c1 = rng.uniform(0, 255, (2, 3))
    t = np.linspace(0, 1, size)[:, None, None]
    img = (c0 * (1 - t) + c1 * t) * np.ones((size, size, 1))
    if rng.random() < 0.5:
        img = img.transpose(1, 0, 2)
    img = np.ascontiguousarray(img.astype(np.uint8))
    for _ in range(rng.integers(3, 11)):
        colour = tuple(int(v) for v in rng.uniform(0, 255, 3))
        kind = rng.integers(3)
        p = rng.integers(0, size, 2)
        if kind == 0:
            cv2.circle(img, (int(p[0]), int(p[1])), int(rng.integers(3, size // 6)), colour, -1)
        elif kind == 1:
            q = p + rng.integers(-size // 4, size // 4, 2)
            cv2.rectangle(img, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), colour, -1)
        else:
            q = rng.integers(0, size, 2)
            cv2.line(img, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), colour,
                     int(rng.integers(1, 4)))
    return img


def _expression_shape(rng: np.random.Generator, label: int) -> dict:
    """The expression's feature parameters, blended towards neutral and jittered."""
    target = _EXPRESSION_SHAPES[EXPRESSION_CLASSES[label]]
    neutral = _EXPRESSION_SHAPES['Neutral']
    intensity = rng.uniform(0.55, 1.0)
    return {k: neutral[k] + intensity * (target[k] - neutral[k]) + rng.normal(0, 0.025)
            for k in target}


def _draw_face(img: np.ndarray, rng: np.random.Generator, label: int, center: np.ndarray,
               half_width: float, aspect: float, angle: float) -> np.ndarray:
    """Draw one face; returns its 5 landmarks (5, 2) in image coordinates."""
    shape = _expression_shape(rng, label)
    skin = _SKIN_TONES[rng.integers(len(_SKIN_TONES))] + rng.normal(0, 12, 3)
    skin = tuple(float(v) for v in np.clip(skin, 0, 255))
    ink = tuple(float(v) for v in rng.uniform(0, 70, 3))
    thick = max(1, int(round(half_width / 14)))
    deg = float(np.degrees(angle))

    def poly(points, closed=False, fill=None, colour=ink):
        pts = np.round(_to_image(np.asarray(points), center, half_width, angle)).astype(np.int32)
        if fill is not None:
            cv2.fillPoly(img, [pts], fill, lineType=cv2.LINE_AA)
        cv2.polylines(img, [pts], closed, colour, thick, lineType=cv2.LINE_AA)

    axes = (int(round(half_width)), int(round(half_width * aspect)))
    cv2.ellipse(img, (int(round(center[0])), int(round(center[1]))), axes, deg, 0, 360, skin, -1,
                lineType=cv2.LINE_AA)
    cv2.ellipse(img, (int(round(center[0])), int(round(center[1]))), axes, deg, 0, 360, ink,
                thick, lineType=cv2.LINE_AA)

    eye_y = -0.15 * aspect
    eyes = np.array([[-0.38, eye_y], [0.38, eye_y]])
    theta = np.linspace(0, 2 * np.pi, 24)
    eye_w = 0.17
    eye_h = max(0.03, eye_w * shape['eye'])
    for ex, ey in eyes:
        outline = np.stack([ex + eye_w * np.cos(theta), ey + eye_h * np.sin(theta)], 1)
        poly(outline, closed=True, fill=(250, 250, 250))
        pupil_r = min(eye_h, 0.07)
        poly(np.stack([ex + pupil_r * np.cos(theta), ey + pupil_r * np.sin(theta)], 1),
             closed=True, fill=ink)

    t = np.linspace(0, 1, 12)
    for side in (-1, 1):
        x = side * (0.16 + 0.42 * t)
        y = (shape['brow_in'] * (1 - t) + shape['brow_out'] * t) * aspect \
            - shape['arch'] * np.sin(np.pi * t)
        poly(np.stack([x, y], 1))

    nose = np.array([0.0, 0.18 * aspect])
    poly([[0.0, -0.02 * aspect], [-0.07, nose[1]], [0.05, nose[1]]])
    if EXPRESSION_CLASSES[label] == 'Disgust' and rng.random() < 0.7:
        for side in (-1, 1):  # nose wrinkles
            poly([[side * 0.1, 0.02 * aspect], [side * 0.16, 0.08 * aspect]])

    mouth_y = 0.5 * aspect
    width = max(0.08, shape['width'])
    xs = np.linspace(-width, width, 16)
    u = xs / width
    top = mouth_y - shape['curve'] * u ** 2 + shape['asym'] * u - shape['open'] / 2
    bottom = mouth_y - shape['curve'] * u ** 2 + shape['asym'] * u \
        + shape['open'] / 2 * np.sqrt(np.clip(1 - u ** 2, 0, 1)) * 2
    if shape['open'] > 0.04:
        outline = np.concatenate([np.stack([xs, top], 1), np.stack([xs, bottom], 1)[::-1]])
        poly(outline, closed=True, fill=(90, 20, 30))
    else:
        poly(np.stack([xs, (top + bottom) / 2], 1))
    corners = np.array([[-width, mouth_y - shape['curve'] - shape['asym']],
                        [width, mouth_y - shape['curve'] + shape['asym']]])
    local = np.concatenate([eyes, nose[None], corners])
    return _to_image(local, center, half_width, angle)


class SyntheticFace(NamedTuple):
    """One face of a synthetic image: ``label`` in 0..6, ``bbox`` [x, y, w, h] and
    ``keypoints`` (5, 3) as (x, y, visibility), COCO's visibility 2 (visible) or 1 (labelled
    but hidden by an occluder)."""
    label: int
    bbox: List[float]
    keypoints: np.ndarray


def _face_geometry(rng: np.random.Generator, cfg: SyntheticConfig, scale: float):
    """Half width, aspect, angle and half extents (2,) of a face."""
    half_width = rng.uniform(cfg.min_face, cfg.max_face) * scale * cfg.img_size / 2
    aspect = rng.uniform(1.15, 1.35)
    angle = np.radians(rng.uniform(-15, 15))
    c, s = np.cos(angle), np.sin(angle)
    ext = np.array([np.hypot(half_width * c, half_width * aspect * s),
                    np.hypot(half_width * s, half_width * aspect * c)])
    return half_width, aspect, angle, ext


def _place(rng: np.random.Generator, cfg: SyntheticConfig, scale: float, taken: list):
    """Geometry and centre of a face that overlaps none of the ``taken`` boxes (x0, y0, x1, y1);
    shrinks it until it fits. None if it cannot."""
    for _ in range(8):
        half_width, aspect, angle, ext = _face_geometry(rng, cfg, scale)
        for _ in range(20):
            center = rng.uniform(ext + 1, cfg.img_size - ext - 1)
            box = (*(center - ext), *(center + ext))
            if all(box[2] <= t[0] or t[2] <= box[0] or box[3] <= t[1] or t[3] <= box[1]
                   for t in taken):
                return half_width, aspect, angle, ext, center
        scale *= 0.85
    return None


def _occlude(img: np.ndarray, rng: np.random.Generator, landmarks: np.ndarray,
             box: Tuple[float, float, float, float]) -> np.ndarray:
    """A rectangle over part of the face; the visibility (5,) of its landmarks."""
    x0, y0, x1, y1 = box
    visible = np.full(len(landmarks), 2.0)
    w, h = (x1 - x0) * rng.uniform(0.35, 0.6), (y1 - y0) * rng.uniform(0.25, 0.45)
    ox, oy = rng.uniform(x0, x1 - w), rng.uniform(y0, y1 - h)
    colour = tuple(float(v) for v in rng.uniform(0, 255, 3))
    cv2.rectangle(img, (int(ox), int(oy)), (int(ox + w), int(oy + h)), colour, -1)
    hidden = ((landmarks[:, 0] >= ox) & (landmarks[:, 0] <= ox + w)
              & (landmarks[:, 1] >= oy) & (landmarks[:, 1] <= oy + h))
    visible[hidden] = 1.0
    return visible


def make_synthetic_image(cfg: SyntheticConfig, split: str, index: int):
    """Make one image with its faces.

    Returns:
        tuple: ``image`` (H, W, 3) uint8 RGB and a list of :class:`SyntheticFace`. With one
        face per image (the test split, and the default) the random stream is the one every
        earlier version of the set used, so the pixels are the same.
    """
    rng = np.random.default_rng([cfg.seed, SPLITS.index(split), index])
    size = cfg.img_size
    labels = [int(rng.integers(len(EXPRESSION_CLASSES)))]
    img = _background(rng, size)
    low, high = (1, 1) if split == 'test' else cfg.faces_per_image
    count = low if low == high else int(rng.integers(low, high + 1))
    scale = 1.0 / np.sqrt(count)

    half_width, aspect, angle, ext = _face_geometry(rng, cfg, scale)
    center = rng.uniform(ext + 1, size - ext - 1)
    if rng.random() < cfg.distractor_prob:
        r = rng.uniform(0.1, 0.2) * size
        p = rng.uniform(r, size - r, 2).astype(int)
        colour = tuple(float(v) for v in _SKIN_TONES[rng.integers(len(_SKIN_TONES))])
        cv2.ellipse(img, (int(p[0]), int(p[1])), (int(r), int(r * 1.25)), 0, 0, 360, colour, -1)

    faces, taken = [], []
    for i in range(count):
        if i > 0:
            placed = _place(rng, cfg, scale, taken)
            if placed is None:
                break
            labels.append(int(rng.integers(len(EXPRESSION_CLASSES))))
            half_width, aspect, angle, ext, center = placed
        landmarks = _draw_face(img, rng, labels[i], center, half_width, aspect, angle)
        box = (*(center - ext), *(center + ext))
        taken.append(box)
        visible = (_occlude(img, rng, landmarks, box) if rng.random() < cfg.occlusion_prob
                   else np.full(len(landmarks), 2.0))
        x0, y0, x1, y1 = box
        faces.append(SyntheticFace(labels[i], [float(x0), float(y0), float(x1 - x0),
                                               float(y1 - y0)],
                                   np.concatenate([landmarks, visible[:, None]], 1)))

    img = img.astype(np.float64) + rng.normal(0, rng.uniform(0, 8), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        img = cv2.GaussianBlur(img, (3, 3), 0)
    return img, faces


def _coco_info(cfg: SyntheticConfig) -> dict:
    """The ``info`` stored in the COCO files, as JSON reads it back. ``faces_per_image`` at its
    default is left out: sets made before it existed are the same pixels and stay valid."""
    config = asdict(cfg)
    if cfg.faces_per_image == (1, 1):
        del config['faces_per_image']
    return json.loads(json.dumps(dict(description='mmfer synthetic expression faces',
                                      version=GENERATOR_VERSION, config=config)))


def _write_split(cfg: SyntheticConfig, root: str, split: str) -> None:
    img_dir = osp.join(root, 'images', split)
    os.makedirs(img_dir, exist_ok=True)
    images, annotations = [], []
    num = cfg.num_train if split == 'train' else cfg.num_test
    for index in range(num):
        img, faces = make_synthetic_image(cfg, split, index)
        file_name = f'{index:06d}.jpg'
        if not cv2.imwrite(osp.join(img_dir, file_name), img[:, :, ::-1],
                           [cv2.IMWRITE_JPEG_QUALITY, 95]):
            raise OSError(f'could not write {osp.join(img_dir, file_name)}')
        images.append(dict(id=index + 1, file_name=file_name, width=cfg.img_size,
                           height=cfg.img_size))
        for face in faces:
            annotations.append(dict(
                id=len(annotations) + 1, image_id=index + 1, category_id=face.label + 1,
                bbox=face.bbox, area=face.bbox[2] * face.bbox[3], iscrowd=0,
                keypoints=face.keypoints.ravel().tolist(),
                num_keypoints=int((face.keypoints[:, 2] > 0).sum())))
    coco = dict(info=_coco_info(cfg), images=images, annotations=annotations,
                categories=coco_categories())
    dump_json_atomic(coco, osp.join(root, 'annotations', f'synth_{split}.json'), force=True)


def read_synthetic_info(root: str):
    """The ``info`` of an existing synthetic dataset at ``root``, or None if there is none."""
    infos = []
    for split in SPLITS:
        path = osp.join(root, 'annotations', f'synth_{split}.json')
        if not osp.isfile(path):
            return None
        with open(path, encoding='utf-8') as f:
            infos.append(json.load(f).get('info'))
    return infos[0] if infos[0] == infos[1] else None


def generate_synthetic_dataset(root: str, cfg: SyntheticConfig = SyntheticConfig(),
                               force: bool = False) -> bool:
    """Write the dataset under ``root`` unless the same one is already there.

    The dataset is built in ``root + '.partial'`` and renamed into place, so an interrupted run
    never leaves a dataset that looks complete.

    Returns:
        bool: True if the dataset was written, False if an identical one already existed.

    Raises:
        FileExistsError: ``root`` holds something else (another dataset, or one made with other
            settings) and ``force`` is False.
    """
    if osp.exists(root):
        info = read_synthetic_info(root)
        if info == _coco_info(cfg):
            return False
        if not force:
            what = 'a synthetic dataset made with other settings' if info else \
                'files that are not an mmfer synthetic dataset'
            raise FileExistsError(f'{root} already holds {what}; pass --force to replace it')
    # Each process builds its own copy; the first to rename it into place wins, so processes
    # that start together (distributed training) never see a half-written dataset.
    partial = f'{root.rstrip("/")}.partial-{os.getpid()}'
    shutil.rmtree(partial, ignore_errors=True)
    try:
        for split in SPLITS:
            _write_split(cfg, partial, split)
        if osp.exists(root) and force:
            shutil.rmtree(root, ignore_errors=True)
        try:
            os.replace(partial, root)
        except OSError:
            if read_synthetic_info(root) != _coco_info(cfg):
                raise
            return False
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return True
