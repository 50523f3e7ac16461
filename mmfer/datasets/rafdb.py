"""RAF-DB (and the synthetic set, which shares its layout) as an MMDetection COCO dataset."""
import os.path as osp

import numpy as np
from mmdet.datasets import CocoDataset
from mmengine.logging import MMLogger

from mmfer.registry import DATASETS

from .expressions import EXPRESSION_CLASSES, EXPRESSION_PALETTE, NUM_LANDMARKS
from .image_check import check_image_files, local_backend


@DATASETS.register_module()
class RAFDBDataset(CocoDataset):
    """Faces with one of the 7 basic expressions, from COCO files made by mmfer's tools.

    Every instance also carries its 5 facial landmarks: ``instance['keypoints']`` is a
    (5, 3) float32 array of (x, y, visibility), visibility 0 where a landmark is unlabelled.
    ``LoadFaceAnnotations`` turns them into ``results['gt_keypoints']`` (N, 5, 3), and
    ``PackFaceInputs`` into ``data_sample.gt_instances.keypoints``.

    Images are read from ``data_root`` + ``data_prefix['img']``; when that folder does not
    exist, from the folder the converter recorded in the annotation file's ``info``
    (``image_dir`` relative to the annotation file, else ``image_dir_absolute``), so that
    ``data_root=OUT_DIR`` of a converter trains wherever the images lie. Every image is checked
    when the dataset loads (:mod:`mmfer.datasets.image_check`: a stat and a header read).

    Args:
        bad_images (str): what a missing or unreadable image does: ``'error'`` (default)
            stops with a message naming it, ``'skip'`` drops its image and logs the count,
            ``'off'`` checks nothing.
        **kwargs: passed to :class:`mmdet.datasets.CocoDataset`.

    Examples:
        >>> from mmfer.datasets import RAFDBDataset
        >>> RAFDBDataset.METAINFO['classes'][:3]
        ('Surprise', 'Fear', 'Disgust')
    """

    METAINFO = dict(classes=EXPRESSION_CLASSES, palette=EXPRESSION_PALETTE)

    def __init__(self, *args, bad_images: str = 'error', **kwargs) -> None:
        self.bad_images = bad_images
        self.num_bad_images = 0
        self._image_dir_resolved = False
        super().__init__(*args, **kwargs)

    def _join_prefix(self) -> None:
        """mmengine's, then the annotation file (with ``data_root``) goes into the metainfo,
        where ``ExpressionCocoMetric`` finds the ground truth of the split it evaluates."""
        super()._join_prefix()
        self._metainfo['ann_file'] = self.ann_file

    def load_data_list(self) -> list:
        """CocoDataset's, with errors that name the annotation file."""
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'annotation file {self.ann_file} does not exist')
        self._image_dir_resolved = False
        try:
            data_list = super().load_data_list()
        except (ValueError, KeyError, TypeError, AssertionError) as e:
            raise ValueError(f'{self.ann_file} is not a valid mmfer COCO annotation file '
                             f'({type(e).__name__}: {e})') from e
        return self._without_bad_images(data_list)

    def _resolve_image_dir(self, info: dict) -> None:
        """``data_prefix['img']`` if it is a folder, else the one ``info`` records."""
        configured = self.data_prefix.get('img', '')
        if osp.isdir(configured) or not info.get('image_dir'):
            return
        for candidate in (osp.join(osp.dirname(self.ann_file), info['image_dir']),
                          info.get('image_dir_absolute', '')):
            if candidate and osp.isdir(candidate):
                self.data_prefix['img'] = osp.normpath(candidate) + osp.sep
                MMLogger.get_current_instance().info(
                    f'{self.ann_file}: images from {self.data_prefix["img"]}, the folder its '
                    f'converter recorded ({configured or "data_prefix.img"} does not exist)')
                return

    def _without_bad_images(self, data_list: list) -> list:
        if not local_backend(self.backend_args):
            return data_list
        bad = check_image_files([d['img_path'] for d in data_list], self.ann_file,
                                self.data_prefix.get('img', ''), self.bad_images)
        self.num_bad_images = len(bad)
        if not bad:
            return data_list
        MMLogger.get_current_instance().warning(
            f'{self.ann_file}: skipped {len(bad)} of {len(data_list)} images '
            f"(bad_images='skip'): " + '; '.join(f'{p} ({why})' for p, why in bad[:10])
            + (' ...' if len(bad) > 10 else ''))
        rejected = {path for path, _ in bad}
        return [d for d in data_list if d['img_path'] not in rejected]

    def parse_data_info(self, raw_data_info: dict) -> dict:
        if not self._image_dir_resolved:  # the first image: the annotation file is loaded
            self._resolve_image_dir(self.coco.dataset.get('info') or {})
            self._image_dir_resolved = True
        # CocoDataset drops some annotations (no overlap with the image, zero area, crowd...);
        # parsing them one at a time keeps each kept instance next to its own landmarks.
        anns = raw_data_info['raw_ann_info']
        data_info = super().parse_data_info(dict(raw_data_info, raw_ann_info=[]))
        for ann in anns:
            one = super().parse_data_info(dict(raw_data_info, raw_ann_info=[ann]))
            for instance in one['instances']:
                instance['keypoints'] = self._keypoints_of(ann)
                data_info['instances'].append(instance)
        return data_info

    def _keypoints_of(self, ann: dict) -> np.ndarray:
        values = ann.get('keypoints')
        if not values:
            return np.zeros((NUM_LANDMARKS, 3), dtype=np.float32)
        if len(values) != NUM_LANDMARKS * 3:
            raise ValueError(f'{self.ann_file}: annotation {ann["id"]} has {len(values)} keypoint '
                             f'values, expected {NUM_LANDMARKS * 3} (x, y, v for 5 landmarks)')
        return np.asarray(values, dtype=np.float32).reshape(NUM_LANDMARKS, 3)
