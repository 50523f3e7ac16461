"""Train a detector with an mmfer/mmdet config through mmengine's Runner.

    python tools/train.py CONFIG [--work-dir DIR] [--resume [CKPT]] [--amp]
                                 [--amp-dtype float16|bfloat16] [--auto-scale-lr]
                                 [--cfg-options k=v ...] [--launcher L] [--debug]

Before anything is built, the config, its overrides (a misspelled key gets the nearest valid
one), the data, the pretrained files and the checkpoint to resume from are checked; a mistake
ends with one line (--debug or MMFER_DEBUG=1 for the traceback). The run holds its work dir:
a second run on it is refused, naming the first (mmfer.engine.work_dir_lock).
"""
import argparse
import os
import os.path as osp
import sys
from contextlib import nullcontext

from mmengine.config import Config
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from mmfer.cli import run_cli
from mmfer.cli.run_checks import check_data, check_num_classes, check_pretrained_files
from mmfer.cli.run_config import add_common_arguments, device_summary, load_run_config
from mmfer.engine.resume import latest_loadable_checkpoint
from mmfer.engine.work_dir_lock import work_dir_lock
from mmfer.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--amp', action='store_true',
                        help='enable automatic mixed precision training (on a GPU)')
    parser.add_argument('--amp-dtype', choices=['float16', 'bfloat16'],
                        help='the autocast dtype of --amp (default float16; bfloat16 on GPUs '
                        'from Ampere on: docs/get_started.md)')
    parser.add_argument('--auto-scale-lr', action='store_true',
                        help='scale the learning rate with the total batch size')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from this checkpoint, or, without a path, from the latest checkpoint in '
        'the work dir (from scratch, with a warning, if it has none)')
    add_common_arguments(parser)
    return parser.parse_args(argv)


def build_config(args) -> Config:
    """The config with the command line's overrides applied, its inputs checked."""
    cfg = load_run_config(args.config, args.cfg_options, args.work_dir, args.launcher,
                          args.local_rank)
    if args.amp_dtype and not args.amp:
        raise ValueError('--amp-dtype needs --amp')
    if args.amp:
        import torch
        if not torch.cuda.is_available():
            raise ValueError('--amp trains with mixed precision on a GPU (mmengine\'s '
                             'AmpOptimWrapper), and torch sees none')
        if cfg.optim_wrapper.get('type', 'OptimWrapper') == 'AmpOptimWrapper':
            print('AMP training is already enabled in the config.')
        else:
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.loss_scale = 'dynamic'
        if args.amp_dtype:
            cfg.optim_wrapper.dtype = args.amp_dtype
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg or 'base_batch_size' not in cfg.auto_scale_lr:
            raise ValueError('--auto-scale-lr needs auto_scale_lr.base_batch_size in the '
                             f'config {args.config}')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume = True
        checkpoint, skipped = latest_loadable_checkpoint(cfg.work_dir)
        for path, problem in skipped:
            print(f'train: warning: --resume: skipping {path}: {problem}', file=sys.stderr)
        if checkpoint is None and skipped:
            raise ValueError(f'--resume: no checkpoint in {cfg.work_dir} loads (' + '; '.join(
                f'{path}: {problem}' for path, problem in skipped) + ')')
        cfg.load_from = checkpoint
        if checkpoint is None:
            print(f'train: warning: --resume: no checkpoint in {cfg.work_dir}; training '
                  'starts from scratch', file=sys.stderr)
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise FileNotFoundError(f'--resume {args.resume}: no such checkpoint file')
        cfg.resume = True
        cfg.load_from = args.resume
    check_pretrained_files(cfg, args.config)
    check_data(cfg, 'train', args.config)
    check_num_classes(cfg, 'train', args.config)
    return cfg


def first_process() -> bool:
    """Whether this is the run's first process (the one that holds the work dir)."""
    return int(os.environ.get('RANK', os.environ.get('SLURM_PROCID', 0))) == 0


def main(argv=None) -> int:
    args = parse_args(argv)
    register_all_modules(init_default_scope=False)
    cfg = build_config(args)
    with work_dir_lock(cfg.work_dir) if first_process() else nullcontext() as left_by:
        if first_process():
            if left_by:
                print(f'train: warning: {cfg.work_dir} was held by a run that did not end '
                      f'({left_by}); taking it over', file=sys.stderr)
            print(f'train: {device_summary(cfg)}', flush=True)
        runner = RUNNERS.build(cfg) if 'runner_type' in cfg else Runner.from_cfg(cfg)
        runner.train()
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('train', main))
