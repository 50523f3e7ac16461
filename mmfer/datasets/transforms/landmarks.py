"""Transforms that carry the facial landmarks along with the boxes.

``gt_keypoints`` is an (N, K, 3) float32 array of (x, y, visibility) per face, the layout mmcv's
transforms use for keypoints.
"""
import numpy as np
from mmdet.datasets.transforms import LoadAnnotations, PackDetInputs, RandomFlip, Resize

from mmfer.registry import TRANSFORMS

from ..expressions import LANDMARK_FLIP_INDICES


@TRANSFORMS.register_module()
class LoadFaceAnnotations(LoadAnnotations):
    """``LoadAnnotations`` that also loads the landmarks as ``results['gt_keypoints']``.

    Args:
        with_keypoints (bool): load the landmarks. Defaults to True.
        **kwargs: passed to :class:`mmdet.datasets.transforms.LoadAnnotations`.
    """

    def __init__(self, with_keypoints: bool = True, **kwargs) -> None:
        super().__init__(**kwargs)
        self.with_keypoints = with_keypoints

    def transform(self, results: dict) -> dict:
        results = super().transform(results)
        if self.with_keypoints:
            keypoints = [inst['keypoints'] for inst in results.get('instances', [])]
            results['gt_keypoints'] = (np.stack(keypoints).astype(np.float32) if keypoints
                                       else np.zeros((0, len(LANDMARK_FLIP_INDICES), 3),
                                                     dtype=np.float32))
        return results


@TRANSFORMS.register_module()
class ResizeWithLandmarks(Resize):
    """mmdet's ``Resize``, which also scales ``gt_keypoints`` (mmcv's ``_resize_keypoints``)."""

    def transform(self, results: dict) -> dict:
        results = super().transform(results)
        self._resize_keypoints(results)
        return results


@TRANSFORMS.register_module()
class RandomFlipWithLandmarks(RandomFlip):
    """mmdet's ``RandomFlip``, which also flips ``gt_keypoints`` and swaps left and right.

    Args:
        flip_indices (sequence[int]): the landmark each landmark becomes after a horizontal flip.
            Defaults to the 5-landmark order (left eye, right eye, nose, left and right mouth
            corner).
        **kwargs: passed to :class:`mmdet.datasets.transforms.RandomFlip`.
    """

    def __init__(self, flip_indices=LANDMARK_FLIP_INDICES, **kwargs) -> None:
        super().__init__(**kwargs)
        self.flip_indices = list(flip_indices)

    def _flip(self, results: dict) -> None:
        super()._flip(results)
        keypoints = results.get('gt_keypoints')
        if keypoints is None:
            return
        direction = results['flip_direction']
        keypoints = self._flip_keypoints(keypoints, results['img'].shape[:2], direction)
        if direction in ('horizontal', 'diagonal'):
            keypoints = keypoints[:, self.flip_indices]
        results['gt_keypoints'] = keypoints


@TRANSFORMS.register_module()
class PackFaceInputs(PackDetInputs):
    """``PackDetInputs`` that also packs ``gt_keypoints`` into ``gt_instances.keypoints``."""

    mapping_table = dict(PackDetInputs.mapping_table, gt_keypoints='keypoints')
