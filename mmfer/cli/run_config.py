"""What tools/train.py and tools/test.py share: their common arguments and config loading."""
import argparse
import os
import os.path as osp
from typing import Dict, Optional

from mmengine.config import Config, DictAction

from mmfer.apis.model_index import find_config
from mmfer.engine.cpu_distributed import setup_cpu_distributed

from .config_check import check_cfg_options, check_config
from .run_checks import loaders


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """``--work-dir``, ``--cfg-options``, ``--launcher``, ``--local-rank`` (as mmdet's) and
    ``--debug`` (tracebacks instead of one-line errors)."""
    parser.add_argument('--work-dir', help='the dir to save logs, models and results')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings of the config, key=value pairs (e.g. '
        'train_dataloader.batch_size=4)')
    parser.add_argument('--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
                        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error instead of one line')


def data_roots(cfg: Config) -> Dict[str, str]:
    """``data_root`` of each dataloader's (innermost) dataset, by dataloader name."""
    return {name: dataset.get('data_root') for mode in ('train', 'test')
            for name, dataset in loaders(cfg, mode)}


def move_data_root(cfg: Config, roots: Dict[str, str], new_root: str) -> None:
    """``--cfg-options data_root=DIR``: every dataset (and evaluator file) under the config's
    own ``data_root`` moves under ``DIR``, so training and evaluation read the same data."""
    old_root = roots.get('train_dataloader') or next(iter(roots.values()), None)
    for mode in ('train', 'test'):
        for _, dataset in loaders(cfg, mode):
            if dataset.get('data_root') == old_root:
                dataset['data_root'] = new_root
    for name in ('val_evaluator', 'test_evaluator'):
        evaluators = cfg.get(name) or []
        for evaluator in evaluators if isinstance(evaluators, (list, tuple)) else [evaluators]:
            ann_file = evaluator.get('ann_file')
            if old_root and isinstance(ann_file, str) and ann_file.startswith(old_root):
                evaluator['ann_file'] = new_root + ann_file[len(old_root):]


def check_data_roots(cfg: Config, roots: Dict[str, str], config: str) -> None:
    """A training and a validation set that the config reads from one data root must still
    share one after the overrides: moving one of them alone would, say, train on new data and
    choose checkpoints on the default data, silently.

    Raises:
        ValueError: naming both dataloaders and their roots, and ``data_root=DIR``.
    """
    names = ('train_dataloader', 'val_dataloader')
    if all(n in roots for n in names) and roots[names[0]] == roots[names[1]]:
        now = data_roots(cfg)
        if now[names[0]] != now[names[1]]:
            raise ValueError(f'{config}: train_dataloader reads {now[names[0]]} but '
                             f'val_dataloader reads {now[names[1]]}; pass --cfg-options '
                             'data_root=DIR to move both')


def load_run_config(config: str, cfg_options: Optional[dict] = None,
                    work_dir: Optional[str] = None, launcher: str = 'none',
                    local_rank: int = 0) -> Config:
    """Read ``config`` (a file, or a model name of the model index) and apply the command
    line: overrides (``data_root=DIR`` moves every split, see :func:`move_data_root`), work
    dir (default ``work_dirs/<config name>``) and launcher (a distributed launch on CPU
    processes must ask for gloo: ``mmfer.engine.cpu_distributed``).

    Raises:
        FileNotFoundError: no such config. ValueError: the config cannot be read, or an
        override or a config key names nothing (with the nearest valid key), or the training
        and validation sets were moved apart.
    """
    config = find_config(config)
    os.environ.setdefault('LOCAL_RANK', str(local_rank))
    try:
        cfg = Config.fromfile(config)
    except Exception as e:  # mmengine raises many kinds for a broken config
        raise ValueError(f'config {config} cannot be read: {e}') from e
    cfg.launcher = launcher
    check_cfg_options(cfg, cfg_options)
    roots = data_roots(cfg)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
        if 'data_root' in cfg_options:
            move_data_root(cfg, roots, cfg_options['data_root'])
    check_data_roots(cfg, roots, config)
    check_config(cfg, config)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(config))[0])
    setup_cpu_distributed(cfg, launcher)
    return cfg


def device_summary(cfg: Config) -> str:
    """Where a run will compute, for the first line a training prints: the device (the GPU's
    name or the CPU), the number of processes, the launcher and the backend."""
    import torch
    world = int(os.environ.get('WORLD_SIZE', 1))
    launcher = cfg.get('launcher', 'none')
    if torch.cuda.is_available():
        device = f'cuda ({torch.cuda.device_count()} x {torch.cuda.get_device_name()})'
    else:
        device = f'cpu ({torch.get_num_threads()} threads; torch sees no GPU)'
    backend = cfg.env_cfg.get('dist_cfg', {}).get('backend') if launcher != 'none' else None
    return (f'device {device}, {world} process{"es" if world > 1 else ""}, launcher '
            f'{launcher}' + (f', backend {backend}' if backend else ''))

