"""RAF-DB (and the synthetic set, which shares its layout) as an MMDetection COCO dataset."""
import os.path as osp

import numpy as np
from mmdet.datasets import CocoDataset

from mmfer.registry import DATASETS

from .expressions import EXPRESSION_CLASSES, EXPRESSION_PALETTE, NUM_LANDMARKS


@DATASETS.register_module()
class RAFDBDataset(CocoDataset):
    """Faces with one of the 7 basic expressions, from COCO files made by mmfer's tools.

    Every instance also carries its 5 facial landmarks: ``instance['keypoints']`` is a
    (5, 3) float32 array of (x, y, visibility), visibility 0 where a landmark is unlabelled.
    ``LoadFaceAnnotations`` turns them into ``results['gt_keypoints']`` (N, 5, 3), and
    ``PackFaceInputs`` into ``data_sample.gt_instances.keypoints``.

    Examples:
        >>> from mmfer.datasets import RAFDBDataset
        >>> RAFDBDataset.METAINFO['classes'][:3]
        ('Surprise', 'Fear', 'Disgust')
    """

    METAINFO = dict(classes=EXPRESSION_CLASSES, palette=EXPRESSION_PALETTE)

    def _join_prefix(self) -> None:
        """mmengine's, then the annotation file (with ``data_root``) goes into the metainfo,
        where ``ExpressionCocoMetric`` finds the ground truth of the split it evaluates."""
        super()._join_prefix()
        self._metainfo['ann_file'] = self.ann_file

    def load_data_list(self) -> list:
        """CocoDataset's, with errors that name the annotation file."""
        if not osp.isfile(self.ann_file):
            raise FileNotFoundError(f'annotation file {self.ann_file} does not exist')
        try:
            return super().load_data_list()
        except (ValueError, KeyError, TypeError, AssertionError) as e:
            raise ValueError(f'{self.ann_file} is not a valid mmfer COCO annotation file '
                             f'({type(e).__name__}: {e})') from e

    def parse_data_info(self, raw_data_info: dict) -> dict:
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
