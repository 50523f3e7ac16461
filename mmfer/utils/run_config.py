"""What tools/train.py and tools/test.py share: their common arguments and config loading."""
import argparse
import os
import os.path as osp
from typing import Optional

from mmengine.config import Config, DictAction

from mmfer.engine.cpu_distributed import setup_cpu_distributed

from .config_check import check_cfg_options, check_config


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


def load_run_config(config: str, cfg_options: Optional[dict] = None,
                    work_dir: Optional[str] = None, launcher: str = 'none',
                    local_rank: int = 0) -> Config:
    """Read ``config`` and apply the command line: overrides, work dir (default
    ``work_dirs/<config name>``) and launcher (on a machine without CUDA, a distributed
    launch runs CPU processes over gloo: ``mmfer.engine.cpu_distributed``).

    Raises:
        FileNotFoundError: no such config. ValueError: the config cannot be read, or an
        override or a config key names nothing (with the nearest valid key).
    """
    if not osp.isfile(config):
        raise FileNotFoundError(f'config {config}: no such file')
    os.environ.setdefault('LOCAL_RANK', str(local_rank))
    try:
        cfg = Config.fromfile(config)
    except Exception as e:  # mmengine raises many kinds for a broken config
        raise ValueError(f'config {config} cannot be read: {e}') from e
    cfg.launcher = launcher
    check_cfg_options(cfg, cfg_options)
    if cfg_options is not None:
        cfg.merge_from_dict(cfg_options)
    check_config(cfg, config)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(config))[0])
    setup_cpu_distributed(cfg, launcher)
    return cfg
