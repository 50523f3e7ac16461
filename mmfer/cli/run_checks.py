"""Checks of a run's inputs before the runner builds anything (and fails deep inside)."""
import os.path as osp
from typing import Iterator, List, Tuple

from mmengine.config import Config

from mmfer import registry
from mmfer.utils.dataset_config import innermost_dataset

# datasets that make their own data when it is missing
SELF_GENERATING = ('SyntheticFERDataset',)
HINTS = dict(
    RAFDBDataset='convert RAF-DB first: python tools/dataset_converters/rafdb2coco.py '
    '/path/to/RAF-DB OUT_DIR, then train with --cfg-options data_root=OUT_DIR/ (or '
    'DATA_ROOT=OUT_DIR for the scripts; docs/rafdb.md)',
    CocoDataset='put COCO 2017 under data/coco (annotations/, train2017/, val2017/)')


def loaders(cfg: Config, mode: str) -> Iterator[Tuple[str, dict]]:
    names = ['train_dataloader', 'val_dataloader'] if mode == 'train' else ['test_dataloader']
    for name in names:
        if isinstance(cfg.get(name), dict) and isinstance(cfg[name].get('dataset'), dict):
            yield name, innermost_dataset(cfg[name]['dataset'])


def check_data(cfg: Config, mode: str, config: str) -> None:
    """Every annotation file the run reads exists (datasets that generate themselves aside).

    Raises:
        FileNotFoundError: naming the file, the config and what to do.
    """
    for name, dataset in loaders(cfg, mode):
        kind = dataset.get('type', '')
        if kind in SELF_GENERATING or not dataset.get('ann_file'):
            continue
        path = osp.join(dataset.get('data_root') or '', dataset['ann_file'])
        if not osp.isfile(path):
            hint = HINTS.get(kind, 'check data_root and ann_file')
            raise FileNotFoundError(f'{path} ({name} of {config}) does not exist: {hint}')


def check_pretrained_files(cfg: Config, config: str) -> None:
    """Files the model config loads at construction (pretrained branches) and ``load_from``."""
    backbone = cfg.model.get('backbone', {}) if isinstance(cfg.get('model'), dict) else {}
    for key in ('ebb_pretrained', 'lpb_checkpoint'):
        path = backbone.get(key) if isinstance(backbone, dict) else None
        if path and not osp.isfile(path):
            hint = (': `make pretrained` makes it (tools/train.py on configs/pretrain/)'
                    if 'work_dirs/pretrained/' in path else '')
            raise FileNotFoundError(f'model.backbone.{key}={path} (in {config} or '
                                    f'--cfg-options) does not exist{hint}')
    from mmfer.recipes.pretrained_weights import missing_pretrained_files, scratch_options
    for key, checkpoint in missing_pretrained_files(cfg.get('model')):
        raise FileNotFoundError(
            f'{key}.init_cfg.checkpoint={checkpoint} (in {config} or --cfg-options) does '
            f'not exist: nothing is downloaded at run time; put the weights there '
            f'({weights_source(cfg, checkpoint)}), give another file with --cfg-options '
            f'{key}.init_cfg.checkpoint=PATH, or train every pretrained part from scratch '
            f'with --cfg-options {" ".join(scratch_options(cfg.model))}')
    if cfg.get('load_from') and not cfg.get('resume') and not osp.isfile(cfg.load_from):
        raise FileNotFoundError(f'load_from={cfg.load_from} does not exist')


def weights_source(cfg: Config, checkpoint: str) -> str:
    """Where the weights a config expects at ``checkpoint`` come from (its
    ``pretrained_weights``: local file -> URL, as mmfer.recipes.mmdet_recipes writes it)."""
    url = (cfg.get('pretrained_weights') or {}).get(checkpoint)
    return f'the recipe downloads them from {url}' if url else 'a checkpoint of that part'


def head_num_classes(cfg: Config) -> List[int]:
    model = cfg.get('model', {})
    heads = [model.get('bbox_head'), (model.get('roi_head') or {}).get('bbox_head')]
    return [h['num_classes'] for h in heads if isinstance(h, dict) and 'num_classes' in h]


def check_num_classes(cfg: Config, mode: str, config: str) -> None:
    """The heads' ``num_classes`` equals the number of the datasets' classes (mmdet's
    NumClassCheckHook checks it before training and validation epochs only, not for a test).
    """
    for name, dataset in loaders(cfg, mode):
        meta = dataset.get('metainfo') or {}
        classes = meta.get('classes')
        if classes is None:
            try:
                classes = registry.DATASETS.get(dataset.get('type')).METAINFO['classes']
            except Exception:  # a dataset type without class metadata
                continue
        for num in head_num_classes(cfg):
            if num != len(classes):
                raise ValueError(f'{config}: the head has num_classes={num} but {name} has '
                                 f'{len(classes)} classes ({", ".join(classes[:8])}'
                                 f'{" ..." if len(classes) > 8 else ""})')


def check_checkpoint(path: str) -> None:
    """``path`` is a checkpoint mmengine can load, with a state dict in it.

    Raises:
        FileNotFoundError: no such file. ValueError: not a (weights-only) checkpoint.
    """
    from mmfer.engine.checkpoint import load_local_checkpoint
    from mmfer.utils.state_dict import find_state_dict
    if not osp.isfile(path):
        raise FileNotFoundError(f'checkpoint {path}: no such file')
    try:
        loaded = load_local_checkpoint(path, map_location='cpu')
    except Exception as e:  # torch raises several types for files that are not checkpoints
        raise ValueError(f'{path}: not a readable checkpoint ({e})') from e
    find_state_dict(loaded, path)
