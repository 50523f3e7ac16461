"""Generate the synthetic expression-face set (deterministic by seed).

    python tools/misc/make_synthetic_fer.py OUT_DIR [--seed 0] [--img-size 160]
                                            [--num-train 700] [--num-test 210] [--force]

Does nothing if OUT_DIR already holds the same set; refuses to replace anything else unless
--force. Training configs generate it by themselves (SyntheticFERDataset): this tool is for
making it elsewhere, with other settings, or to look at.
"""
import argparse
import sys
import time

from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('out_dir')
    defaults = SyntheticConfig()
    parser.add_argument('--seed', type=int, default=defaults.seed)
    parser.add_argument('--img-size', type=int, default=defaults.img_size)
    parser.add_argument('--num-train', type=int, default=defaults.num_train)
    parser.add_argument('--num-test', type=int, default=defaults.num_test)
    parser.add_argument('--force', action='store_true',
                        help='replace whatever OUT_DIR holds')
    args = parser.parse_args(argv)
    try:
        cfg = SyntheticConfig(seed=args.seed, img_size=args.img_size, num_train=args.num_train,
                              num_test=args.num_test)
        start = time.time()
        written = generate_synthetic_dataset(args.out_dir, cfg, force=args.force)
    except (ValueError, FileExistsError) as e:
        print(f'make_synthetic_fer: error: {e}', file=sys.stderr)
        return 2
    if written:
        print(f'wrote {cfg.num_train} train and {cfg.num_test} test images to {args.out_dir} '
              f'in {time.time() - start:.1f} s')
    else:
        print(f'{args.out_dir} already holds this synthetic set; nothing to do')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('make_synthetic_fer', main))
