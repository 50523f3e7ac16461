from .expressions import (
                          EXPRESSION_CLASSES,
                          EXPRESSION_PALETTE,
                          LANDMARK_FLIP_INDICES,
                          LANDMARK_NAMES,
                          coco_categories,
)
from .face_crop_dataset import FaceCropDataset
from .rafdb import RAFDBDataset
from .synthetic import SyntheticConfig, generate_synthetic_dataset, make_synthetic_image
from .synthetic_dataset import SyntheticFERDataset
from .transforms import *  # noqa: F401,F403

__all__ = ['EXPRESSION_CLASSES', 'EXPRESSION_PALETTE', 'LANDMARK_FLIP_INDICES', 'LANDMARK_NAMES',
           'coco_categories', 'FaceCropDataset', 'RAFDBDataset', 'SyntheticConfig',
           'generate_synthetic_dataset', 'make_synthetic_image', 'SyntheticFERDataset']
