"""What a training run will be, read from its config as tools/train.py reads it.

    python tools/misc/run_info.py CONFIG [--cfg-options k=v ...] [--num-procs N] [--get KEY]

Without --get it prints one line: the optimizer, the learning rate scaled linearly from the
recipe's base batch to the effective batch (NUM_PROCS x the dataloader's batch, what
tools/train.py --auto-scale-lr does), and the epochs. --get prints one value: max_epochs,
batch_size, effective_batch, base_batch, base_lr or lr. The reproduction scripts use it to
find a finished run (its last epoch's checkpoint) and to label their tables.
"""
import argparse
import sys

from mmfer.utils.cli import run_cli
from mmfer.utils.run_config import add_common_arguments, load_run_config

KEYS = ('max_epochs', 'batch_size', 'effective_batch', 'base_batch', 'base_lr', 'lr')


def run_info(cfg, num_procs: int = 1) -> dict:
    """``max_epochs``, ``batch_size`` (per process), ``effective_batch``, ``base_batch`` (the
    recipe's, ``auto_scale_lr.base_batch_size``), ``base_lr``, ``lr`` (scaled) and
    ``optimizer``."""
    optimizer = cfg.optim_wrapper.optimizer
    batch = cfg.train_dataloader.batch_size
    effective = num_procs * batch
    base_batch = cfg.get('auto_scale_lr', {}).get('base_batch_size', effective)
    return dict(max_epochs=cfg.train_cfg.max_epochs, batch_size=batch,
                effective_batch=effective, base_batch=base_batch, base_lr=optimizer.lr,
                lr=optimizer.lr * effective / base_batch, optimizer=optimizer.type)


def describe(info: dict) -> str:
    """One line, e.g. 'AdamW, lr 4e-04 x 8 / 32 = 1e-04 (batch 8 = 1 x 8), 72 epochs'."""
    procs = info['effective_batch'] // info['batch_size']
    return (f"{info['optimizer']}, lr {info['base_lr']:.3g} x {info['effective_batch']} / "
            f"{info['base_batch']} = {info['lr']:.3g} (batch {info['effective_batch']} = "
            f"{procs} x {info['batch_size']}), {info['max_epochs']} epochs")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--num-procs', type=int, default=1)
    parser.add_argument('--get', choices=KEYS)
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.num_procs < 1:
        raise ValueError(f'--num-procs must be at least 1, got {args.num_procs}')
    info = run_info(load_run_config(args.config, args.cfg_options), args.num_procs)
    print(info[args.get] if args.get else describe(info))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('run_info', main))
