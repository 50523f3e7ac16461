"""Where a detector config's training and test images are: the COCO file and image folder of
its ``train_dataloader`` / ``test_dataloader`` datasets, for the branch pre-training tools.

Building the dataset (without its pipeline) is what makes a synthetic set on first use, so a
pre-training run sees exactly the images the detector will.
"""
from typing import Tuple

from mmengine.config import Config
from mmengine.registry import init_default_scope

from mmfer.registry import DATASETS


def innermost_dataset(dataset_cfg: dict) -> dict:
    """The dataset inside wrappers (``MultiImageMixDataset``, ``RepeatDataset``, ...)."""
    while 'dataset' in dataset_cfg:
        dataset_cfg = dataset_cfg['dataset']
    return dataset_cfg


def split_files(cfg: Config, loader: str = 'train_dataloader') -> Tuple[str, str]:
    """``(ann_file, img_dir)`` of ``cfg[loader]``'s dataset, with ``data_root`` joined.

    Raises:
        ValueError: the config has no such dataloader, or its dataset has no ``ann_file``.
    """
    if not cfg.get(loader):
        raise ValueError(f'{cfg.filename}: no {loader} in the config')
    dataset_cfg = dict(innermost_dataset(cfg[loader]['dataset']), pipeline=[], lazy_init=True)
    if not dataset_cfg.get('ann_file'):
        raise ValueError(f'{cfg.filename}: the {loader} dataset has no ann_file')
    init_default_scope(cfg.get('default_scope', 'mmfer'))
    dataset = DATASETS.build(dataset_cfg)
    return dataset.ann_file, dataset.data_prefix['img']
