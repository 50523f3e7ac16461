"""Plot every loss term of a training run to a PNG and print whether each one fell.

    python tools/analysis_tools/plot_loss_curves.py WORK_DIR_OR_SCALARS_JSON --out curves.png
        [--fraction 0.2] [--force]

Reads mmengine's vis_data/scalars.json (the newest run under a work dir), draws one panel per
loss kind with a line per output (final, d0.., pre, enc, dn..), and prints, per term, the mean
of the first and the last 20 % of its values. Exits with 1 if a term did not fall.
"""
import argparse
import sys

from mmfer.utils.loss_curves import loss_trends, plot_loss_curves, read_loss_curves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('path', help='a work dir or a scalars.json')
    parser.add_argument('--out', required=True, help='the PNG to write')
    parser.add_argument('--fraction', type=float, default=0.2,
                        help='share of the values averaged at the start and at the end')
    parser.add_argument('--force', action='store_true', help='overwrite an existing --out')
    args = parser.parse_args(argv)
    try:
        curves = read_loss_curves(args.path)
        plot_loss_curves(curves, args.out, force=args.force)
    except (FileNotFoundError, FileExistsError, ValueError) as err:
        print(f'error: {err}', file=sys.stderr)
        return 2
    not_falling = []
    print(f'{"loss term":<22}{"start":>10}{"end":>10}')
    for key, (start, end) in sorted(loss_trends(curves, args.fraction).items()):
        falling = end < start
        not_falling += [] if falling else [key]
        print(f'{key:<22}{start:>10.4f}{end:>10.4f}{"" if falling else "  (not falling)"}')
    print(f'wrote {args.out}')
    return 1 if not_falling else 0


if __name__ == '__main__':
    sys.exit(main())
