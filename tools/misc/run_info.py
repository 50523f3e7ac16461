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

from mmfer.cli import run_cli
from mmfer.cli.run_config import add_common_arguments
from mmfer.cli.run_info import INFO_KEYS, info_lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+', metavar='CONFIG')
    parser.add_argument('--num-procs', type=int, default=1)
    parser.add_argument('--get', nargs='+', choices=INFO_KEYS, default=['summary'])
    add_common_arguments(parser)
    args = parser.parse_args(argv)
    print('\n'.join(info_lines(args.configs, args.get, args.cfg_options, args.num_procs)))
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('run_info', main))
