"""DEIM's training augmentations, as thin wrappers around MMDetection's transforms.

DEIM's pipeline (``configs/base/deim.yml``): Mosaic (probability 0.5; a random affine on the
mosaic alone) -> RandomPhotometricDistort -> RandomZoomOut -> RandomIoUCrop (p 0.8) -> flip ->
resize; zoom-out and IoU crop are skipped for an image that became a mosaic. Here: mmdet's
``Mosaic`` + ``RandomAffine`` in :class:`MosaicAffine`, mmdet's ``PhotoMetricDistortion``,
``Expand`` in :class:`ZoomOut` and ``MinIoURandomCrop`` in :class:`IoUCrop`. All of them live
in a ``MultiImageMixDataset`` pipeline, where ``DenseO2OHook`` switches them by stage.
"""
import random
from typing import Sequence, Tuple

from mmcv.transforms import BaseTransform
from mmdet.datasets.transforms import Expand, MinIoURandomCrop, Mosaic, RandomAffine

from mmfer.registry import TRANSFORMS

MOSAIC_KEY = 'mosaic'  # results[MOSAIC_KEY]: True for an image that became a mosaic


@TRANSFORMS.register_module()
class MosaicAffine(BaseTransform):
    """With probability ``prob``: a mosaic of this image and three others (mmdet's ``Mosaic``:
    each scaled into ``img_scale``, on a 2x canvas), then a random affine of the mosaic; else the
    image as it is. The affine never touches an image that is not a mosaic (mmdet's configs put
    ``RandomAffine`` after ``Mosaic`` and so transform every image).

    Args:
        img_scale (tuple[int, int]): (width, height) each image is scaled into; the mosaic is
            twice that. DEIM: half the training size, so that the mosaic is the training size.
        prob (float): probability of a mosaic. Defaults to 0.5 (DEIM's ``mosaic_prob``).
        max_rotate_degree, max_translate_ratio, scaling_ratio_range, max_shear_degree: the
            affine (DEIM: 10 degrees, 0.1, (0.5, 1.5), no shear).
        pad_val (float): fill of the canvas and the affine's border (DEIM: 0).
    """

    def __init__(self, img_scale: Tuple[int, int], prob: float = 0.5,
                 max_rotate_degree: float = 10.0, max_translate_ratio: float = 0.1,
                 scaling_ratio_range: Tuple[float, float] = (0.5, 1.5),
                 max_shear_degree: float = 0.0, pad_val: float = 0.0) -> None:
        if not 0 <= prob <= 1:
            raise ValueError(f'prob must lie in [0, 1], got {prob}')
        self.prob = prob
        self.mosaic = Mosaic(img_scale=tuple(img_scale), pad_val=pad_val, prob=1.0)
        self.affine = RandomAffine(max_rotate_degree=max_rotate_degree,
                                   max_translate_ratio=max_translate_ratio,
                                   scaling_ratio_range=tuple(scaling_ratio_range),
                                   max_shear_degree=max_shear_degree,
                                   border_val=(pad_val,) * 3)

    def get_indexes(self, dataset) -> list:
        """The three other images a mosaic would take (``MultiImageMixDataset`` asks first)."""
        return self.mosaic.get_indexes(dataset)

    def transform(self, results: dict) -> dict:
        if random.random() >= self.prob:
            results.pop('mix_results', None)
            results[MOSAIC_KEY] = False
            return results
        results = self.affine.transform(self.mosaic.transform(results))
        results[MOSAIC_KEY] = True
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(prob={self.prob}, {self.mosaic!r}, {self.affine!r})'


class _SkipOnMosaic:
    """Applies the transform with probability ``prob``, never to a mosaic (as DEIM)."""
    prob: float

    def transform(self, results: dict) -> dict:
        if results.get(MOSAIC_KEY, False) or random.random() >= self.prob:
            return results
        return super().transform(results)


@TRANSFORMS.register_module()
class ZoomOut(_SkipOnMosaic, Expand):
    """DEIM's RandomZoomOut: mmdet's ``Expand`` (the image placed on a canvas up to
    ``ratio_range`` times larger, filled with ``mean``), with probability ``prob`` (0.5), not
    on mosaics."""

    def __init__(self, mean: Sequence[float] = (0, 0, 0), ratio_range=(1, 4),
                 prob: float = 0.5, **kwargs) -> None:
        super().__init__(mean=mean, ratio_range=ratio_range, prob=1.0, **kwargs)
        self.prob = prob


@TRANSFORMS.register_module()
class IoUCrop(_SkipOnMosaic, MinIoURandomCrop):
    """DEIM's RandomIoUCrop (p 0.8): mmdet's ``MinIoURandomCrop`` (a crop of at least
    ``min_crop_size`` whose IoU with the boxes passes a random threshold), not on mosaics."""

    def __init__(self, prob: float = 0.8, **kwargs) -> None:
        super().__init__(**kwargs)
        self.prob = prob
