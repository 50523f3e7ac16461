"""Convert AffectNet (its manually annotated CSVs) to mmfer's COCO files, RAF-DB's classes.

    python tools/dataset_converters/affectnet2coco.py AFFECTNET_ROOT OUT_DIR
        [--keep-contempt] [--force] [--max-skip-fraction 0.01]

writes OUT_DIR/annotations/affectnet_{train,val}.json (from Manually_Annotated_file_lists/
training.csv and validation.csv; file names relative to Manually_Annotated_Images/). Contempt,
which RAF-DB has not, is left out unless --keep-contempt (class 8); None, Uncertain and No-Face
always. Evaluate a RAF-DB-trained model on it with tools/test.py (docs/rafdb.md).
"""
import argparse
import sys

from mmfer.cli import run_cli
from mmfer.datasets.affectnet_converter import convert_affectnet


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('root', help='the AffectNet folder (Manually_Annotated_Images/, ...)')
    parser.add_argument('out_dir', help='where annotations/affectnet_*.json go')
    parser.add_argument('--keep-contempt', action='store_true',
                        help='keep Contempt as an 8th class')
    parser.add_argument('--force', action='store_true', help='overwrite existing outputs')
    parser.add_argument('--max-skip-fraction', type=float, default=0.01,
                        help='fail if more than this fraction of rows is skipped')
    args = parser.parse_args(argv)
    summary = convert_affectnet(args.root, args.out_dir, keep_contempt=args.keep_contempt,
                                force=args.force, max_skip_fraction=args.max_skip_fraction)
    print(summary.format())
    print(f'wrote {args.out_dir}/annotations/affectnet_{{{",".join(summary.splits)}}}.json')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('affectnet2coco', main))
