"""Convert ExpW (Expression in-the-Wild) to mmfer's COCO file, RAF-DB's classes.

    python tools/dataset_converters/expw2coco.py EXPW_ROOT OUT_DIR [--min-confidence 0]
        [--force] [--max-skip-fraction 0.01]

writes OUT_DIR/annotations/expw.json from label/label.lst (file names relative to
image/origin/); every face of ExpW, since it has no official split. Evaluate a RAF-DB-trained
model on it with tools/test.py (docs/rafdb.md).
"""
import argparse
import sys

from mmfer.cli import run_cli
from mmfer.datasets.expw_converter import convert_expw


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('root', help='the ExpW folder (label/label.lst, image/origin/)')
    parser.add_argument('out_dir', help='where annotations/expw.json goes')
    parser.add_argument('--min-confidence', type=float, default=0.0,
                        help="leave out faces below this detector confidence (label.lst's)")
    parser.add_argument('--force', action='store_true', help='overwrite an existing output')
    parser.add_argument('--max-skip-fraction', type=float, default=0.01,
                        help='fail if more than this fraction of faces is skipped')
    args = parser.parse_args(argv)
    summary = convert_expw(args.root, args.out_dir, min_confidence=args.min_confidence,
                           force=args.force, max_skip_fraction=args.max_skip_fraction)
    print(summary.format())
    print(f'wrote {args.out_dir}/annotations/expw.json')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('expw2coco', main))
