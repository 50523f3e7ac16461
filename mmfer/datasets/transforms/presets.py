"""The data pipelines of mmfer's dataset bases, written once with the image scale as a parameter.

mmengine's text configs evaluate a base before its child, so a pipeline written in a base keeps the
base's ``img_scale`` when a child changes it; the dataset bases (configs/_base_/datasets/) call
these functions instead, and a child that changes the scale calls them again with its own::

    _base_ = './rafdb_deim.py'
    from mmfer.datasets.transforms.presets import deim_test_pipeline, deim_train_pipeline

    img_scale = (320, 320)
    train_dataloader = dict(dataset=dict(pipeline=deim_train_pipeline(img_scale)))

Each function returns a list of transform dicts (``dict(type=...)``), as a config would spell it.
"""
from typing import List, Optional, Sequence, Tuple

Scale = Tuple[int, int]

#: the augmentations of DEIM's pipeline that DenseO2OHook switches by stage
DEIM_AUGMENTATIONS = ('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut', 'IoUCrop')
EVAL_META_KEYS = ('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')


def _load_image(backend_args: Optional[dict], pillow: bool) -> dict:
    load = dict(type='LoadImageFromFile', backend_args=backend_args)
    if pillow:
        load['imdecode_backend'] = 'pillow'
    return load


def deim_load_pipeline(backend_args: Optional[dict] = None, pillow: bool = False) -> List[dict]:
    """What the inner dataset of DEIM's ``MultiImageMixDataset`` does per image: load it and its
    boxes (the mosaic needs several loaded images before the augmentations run)."""
    return [_load_image(backend_args, pillow), dict(type='LoadAnnotations', with_bbox=True)]


def deim_train_pipeline(img_scale: Scale, zoom_out: bool = True) -> List[dict]:
    """DEIM's training augmentations, then a square resize to ``img_scale`` (w, h), no keep-ratio.

    The mosaic tiles four images at half the output size each (DEIM's ``output_size``), its
    affine on mosaic samples only. ``zoom_out=False`` leaves ZoomOut out (small faces in
    multi-face images would shrink to a few pixels).
    """
    augmentations = [
        dict(type='MosaicAffine', img_scale=(img_scale[0] // 2, img_scale[1] // 2), prob=0.5,
             pad_val=0.0),
        dict(type='PhotoMetricDistortion'),
        *([dict(type='ZoomOut', prob=0.5)] if zoom_out else []),
        dict(type='IoUCrop', prob=0.8),
    ]
    return augmentations + [
        dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
        dict(type='RandomFlip', prob=0.5),
        dict(type='Resize', scale=img_scale, keep_ratio=False),
        dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
        dict(type='PackDetInputs'),
    ]


def deim_augmentations(pipeline: Sequence[dict]) -> Tuple[str, ...]:
    """The switched augmentations a training pipeline has, in its order: the ``skip_type_keys`` of
    the stage before DenseO2OHook turns them on."""
    return tuple(t['type'] for t in pipeline if t['type'] in DEIM_AUGMENTATIONS)


def deim_test_pipeline(img_scale: Scale, backend_args: Optional[dict] = None,
                       pillow: bool = False) -> List[dict]:
    """DEIM's evaluation transform: a square resize to ``img_scale``, no keep-ratio.

    ``pillow=True`` decodes and resizes with Pillow (bilinear), as torchvision does in DEIM's own
    COCO evaluation, for parity with its published figures.
    """
    resize = dict(type='Resize', scale=img_scale, keep_ratio=False)
    if pillow:
        resize.update(backend='pillow', interpolation='bilinear')
    return [
        _load_image(backend_args, pillow), resize,
        dict(type='LoadAnnotations', with_bbox=True),
        dict(type='PackDetInputs', meta_keys=EVAL_META_KEYS),
    ]


def face_train_pipeline(img_scale: Scale, backend_args: Optional[dict] = None) -> List[dict]:
    """Keep-ratio resize into ``img_scale`` and a flip, boxes and landmarks together (mmdet's
    anchor-based detectors and the landmark branch's training)."""
    return [
        _load_image(backend_args, pillow=False),
        dict(type='LoadFaceAnnotations', with_bbox=True),
        dict(type='ResizeWithLandmarks', scale=img_scale, keep_ratio=True),
        dict(type='RandomFlipWithLandmarks', prob=0.5),
        dict(type='PackFaceInputs'),
    ]


def face_test_pipeline(img_scale: Scale, backend_args: Optional[dict] = None) -> List[dict]:
    """The evaluation side of :func:`face_train_pipeline`: keep-ratio resize, no flip."""
    return [
        _load_image(backend_args, pillow=False),
        dict(type='ResizeWithLandmarks', scale=img_scale, keep_ratio=True),
        dict(type='LoadFaceAnnotations', with_bbox=True),
        dict(type='PackFaceInputs', meta_keys=EVAL_META_KEYS),
    ]
