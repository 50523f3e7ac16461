"""Convert RAF-DB basic to mmfer's COCO files.

    python tools/dataset_converters/rafdb2coco.py RAFDB_ROOT OUT_DIR [--box-format auto]
                                                  [--force] [--max-skip-fraction 0.01]

writes OUT_DIR/annotations/rafdb_{trainval,train,val,test}.json (file names relative to
RAF-DB's Image/original, which each file records: the images stay where they are, and
`data_root=OUT_DIR` trains and tests from there): RAF-DB's training split whole (trainval)
and cut into train and a validation split (--val-fraction of each class, deterministic) on
which checkpoints are chosen, and its test split; prints what it converted, fixed and skipped.
Exit status 2 on input it cannot convert, with the file and line at fault.
"""
import argparse
import sys

from mmfer.cli import run_cli
from mmfer.datasets.rafdb_converter import (
    BOX_FORMATS,
    convert_rafdb,
    images_folder,
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('root', help='RAF-DB folder, with or without its basic/ level')
    parser.add_argument('out_dir', help='where annotations/rafdb_*.json go')
    parser.add_argument('--box-format', choices=BOX_FORMATS, default='auto',
                        help='how to read Annotation/boundingbox files (default: auto, '
                        'x1 y1 x2 y2 unless only x y w h fits the image)')
    parser.add_argument('--force', action='store_true', help='overwrite existing outputs')
    parser.add_argument('--max-skip-fraction', type=float, default=0.01,
                        help='fail if more than this fraction of images is skipped')
    parser.add_argument('--val-fraction', type=float, default=0.1,
                        help='share of each class of the training split held out for '
                        'validation (default 0.1)')
    args = parser.parse_args(argv)
    summary = convert_rafdb(args.root, args.out_dir, box_format=args.box_format,
                            force=args.force, max_skip_fraction=args.max_skip_fraction,
                            val_fraction=args.val_fraction)
    print(summary.format())
    print(f'wrote {args.out_dir}/annotations/rafdb_{{trainval,train,val,test}}.json')
    print(f'images: left in {images_folder(args.root)}; the annotation files record that '
          f'folder, so train and test with --cfg-options data_root={args.out_dir}/ (or '
          f'DATA_ROOT={args.out_dir} for tools/reproduce_table1.sh)')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('rafdb2coco', main))
