"""Generate the synthetic expression-face set (deterministic by seed).

    python tools/misc/make_synthetic_fer.py OUT_DIR [--seed 0] [--img-size 160]
                                            [--num-train 700] [--num-test 210]
                                            [--faces-per-image MIN MAX]
                                            [--layout coco|rafdb] [--force]

--layout coco (the default) writes mmfer's COCO layout (images/, annotations/); it does nothing
if OUT_DIR already holds the same set. Training configs generate it by themselves
(SyntheticFERDataset): this is for making it elsewhere, with other settings, or to look at.

--layout rafdb writes a stand-in for RAF-DB in RAF-DB's own basic/ layout (EmoLabel/,
Image/original/ with one face per image of a few hundred pixels, Annotation/boundingbox/ and
Annotation/manual/), 120 training and 60 test images unless --num-train / --num-test say
otherwise, for tools/dataset_converters/rafdb2coco.py and tools/reproduce_table1.sh.

Either refuses to replace anything else unless --force.
"""
import argparse
import dataclasses
import sys
import time

from mmfer.cli import run_cli
from mmfer.datasets.rafdb_standin import STANDIN, write_rafdb_standin
from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('out_dir')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--img-size', type=int, help='side in pixels (coco layout; 160)')
    parser.add_argument('--num-train', type=int)
    parser.add_argument('--num-test', type=int)
    parser.add_argument('--faces-per-image', type=int, nargs=2, metavar=('MIN', 'MAX'),
                        help='faces per training image (coco layout; default 1 1)')
    parser.add_argument('--layout', choices=['coco', 'rafdb'], default='coco')
    parser.add_argument('--force', action='store_true',
                        help='replace whatever OUT_DIR holds')
    args = parser.parse_args(argv)
    base = STANDIN if args.layout == 'rafdb' else SyntheticConfig()
    given = dict(seed=args.seed, img_size=args.img_size, num_train=args.num_train,
                 num_test=args.num_test,
                 faces_per_image=tuple(args.faces_per_image) if args.faces_per_image else None)
    if args.layout == 'rafdb' and (args.img_size or args.faces_per_image) is not None:
        raise ValueError('--img-size and --faces-per-image are for the coco layout: the rafdb '
                         "layout has one face an image and draws each image's size")
    cfg = dataclasses.replace(base, **{k: v for k, v in given.items() if v is not None})
    start = time.time()
    if args.layout == 'rafdb':
        write_rafdb_standin(args.out_dir, cfg, force=args.force)
        written = True
    else:
        written = generate_synthetic_dataset(args.out_dir, cfg, force=args.force)
    if written:
        print(f'wrote {cfg.num_train} train and {cfg.num_test} test images to {args.out_dir} '
              f'({args.layout} layout) in {time.time() - start:.1f} s')
    else:
        print(f'{args.out_dir} already holds this synthetic set; nothing to do')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('make_synthetic_fer', main))
