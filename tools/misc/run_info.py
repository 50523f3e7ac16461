"""What a training run will be, read from its config as tools/train.py reads it.

    python tools/misc/run_info.py CONFIG [CONFIG ...] [--cfg-options k=v ...] [--num-procs N]
                                  [--get KEY [KEY ...]]

Without --get it prints one line, the summary: the optimizer, the learning rate scaled linearly
from the recipe's base batch to the effective batch (NUM_PROCS x the dataloader's batch, what
tools/train.py --auto-scale-lr does), and the epochs. --get prints one value a line, in the
order asked (each config is read once, however many are asked; with several configs, the
values of each config one after another, in the configs' order): summary, max_epochs,
batch_size, effective_batch, base_batch, base_lr, lr, input_size (the short side of the test
resize, or of the training crop where the test keeps each image's size), scratch_options (the
--cfg-options that train the config's pretrained parts from scratch) or missing_weights (the
pretrained files the config names that do not exist). The reproduction scripts
use it to find a finished run (its last epoch's checkpoint), to label their tables, to time
each row at its input size and to train a row whose pretrained weights are missing.
"""
import argparse
import sys

from mmfer.utils.cli import run_cli
from mmfer.utils.run_config import add_common_arguments, load_run_config

KEYS = ('summary', 'max_epochs', 'batch_size', 'effective_batch', 'base_batch', 'base_lr', 'lr',
        'input_size', 'scratch_options', 'missing_weights')


def run_info(cfg, num_procs: int = 1) -> dict:
    """``max_epochs``, ``batch_size`` (per process), ``effective_batch``, ``base_batch`` (the
    recipe's, ``auto_scale_lr.base_batch_size``), ``base_lr``, ``lr`` (scaled),
    ``optimizer``, ``input_size``, ``scratch_options`` and ``missing_weights``
    (space-separated)."""
    from mmfer.utils.mmdet_recipes import missing_pretrained_files, recipe_scale, scratch_options
    optimizer = cfg.optim_wrapper.optimizer
    batch = cfg.train_dataloader.batch_size
    effective = num_procs * batch
    base_batch = cfg.get('auto_scale_lr', {}).get('base_batch_size', effective)
    return dict(max_epochs=cfg.train_cfg.max_epochs, batch_size=batch,
                effective_batch=effective, base_batch=base_batch, base_lr=optimizer.lr,
                lr=optimizer.lr * effective / base_batch, optimizer=optimizer.type,
                input_size=recipe_scale(cfg), scratch_options=' '.join(scratch_options(cfg.model)),
                missing_weights=' '.join(
                    checkpoint for _, checkpoint in missing_pretrained_files(cfg.model)))


def describe(info: dict) -> str:
    """One line, e.g. 'AdamW, lr 4e-04 x 8 / 32 = 1e-04 (batch 8 = 1 x 8), 72 epochs'."""
    procs = info['effective_batch'] // info['batch_size']
    return (f"{info['optimizer']}, lr {info['base_lr']:.3g} x {info['effective_batch']} / "
            f"{info['base_batch']} = {info['lr']:.3g} (batch {info['effective_batch']} = "
            f"{procs} x {info['batch_size']}), {info['max_epochs']} epochs")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+', metavar='CONFIG')
    parser.add_argument('--num-procs', type=int, default=1)
    parser.add_argument('--get', nargs='+', choices=KEYS, default=['summary'])
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    if args.num_procs < 1:
        raise ValueError(f'--num-procs must be at least 1, got {args.num_procs}')
    for config in args.configs:
        info = run_info(load_run_config(config, args.cfg_options), args.num_procs)
        info['summary'] = describe(info)
        print('\n'.join(str(info[key]) for key in args.get))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('run_info', main))
