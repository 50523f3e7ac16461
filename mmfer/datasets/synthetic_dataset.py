"""The synthetic expression-face set as a dataset that makes itself when it is missing."""
import os.path as osp

from mmengine.logging import MMLogger

from mmfer.registry import DATASETS
from mmfer.utils.spelling import nearest

from .rafdb import RAFDBDataset
from .synthetic import SyntheticConfig, generate_synthetic_dataset


def synthetic_config(options: dict = None) -> SyntheticConfig:
    """``SyntheticConfig(**options)``, with an unknown key or a bad value named."""
    fields = list(SyntheticConfig.__dataclass_fields__)
    for key in options or {}:
        if key not in fields:
            raise ValueError(f"synthetic={dict(options)}: SyntheticConfig has no '{key}'"
                             f"{nearest(key, fields)} (its keys: {', '.join(fields)})")
    try:
        return SyntheticConfig(**(options or {}))
    except ValueError as e:
        raise ValueError(f'synthetic={dict(options)}: {e}') from e


@DATASETS.register_module()
class SyntheticFERDataset(RAFDBDataset):
    """``RAFDBDataset`` over the synthetic set, generated under ``data_root`` on first use.

    Generation is deterministic (see :mod:`mmfer.datasets.synthetic`), takes seconds, and is
    skipped when an identical set is already there; a folder holding anything else is an error,
    never overwritten.

    Args:
        synthetic (dict): keyword arguments of :class:`SyntheticConfig` (seed, img_size,
            num_train, num_test, ...). Defaults to ``SyntheticConfig()``'s.
        **kwargs: passed to :class:`RAFDBDataset` (``data_root``, ``ann_file``, ...).
    """

    def __init__(self, synthetic: dict = None, **kwargs) -> None:
        data_root = kwargs.get('data_root')
        if not data_root:
            raise ValueError('SyntheticFERDataset needs data_root: where the set is generated')
        if generate_synthetic_dataset(data_root, synthetic_config(synthetic)):
            MMLogger.get_current_instance().info(
                f'generated the synthetic expression-face set in {osp.abspath(data_root)}')
        super().__init__(**kwargs)
