"""Plot every loss term of a training run to a PNG and print whether each one fell.

    python tools/analysis_tools/plot_loss_curves.py WORK_DIR_OR_SCALARS_JSON --out curves.png
        [--fraction 0.05] [--min-drop 0.1] [--strict] [--force]

Reads mmengine's vis_data/scalars.json (the newest run under a work dir), draws one panel per
loss kind with a line per output (final, d0.., pre, enc, dn..), and prints, per term, the mean
of its first and last 5 % of values and the highest such window mean between them, with a
verdict: "falls" (end below start), "falls after its peak" (end at least 10 % below the peak;
DETR-style terms do this: DDF is zero while every layer starts from the same distribution,
and MAL / FGL targets are scaled by the IoU, which grows as the boxes improve), or "does not
fall". Exits with 1 if a term does not fall (with --strict: if any term ends above its start).
"""
import argparse
import sys

from mmfer.cli import run_cli
from mmfer.utils.loss_curves import loss_trends, plot_loss_curves, read_loss_curves


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('path', help='a work dir or a scalars.json')
    parser.add_argument('--out', required=True, help='the PNG to write')
    parser.add_argument('--fraction', type=float, default=0.05,
                        help='share of the values in each averaging window (start, peak, end)')
    parser.add_argument('--min-drop', type=float, default=0.1,
                        help='how far below its peak a term must end to fall after its peak')
    parser.add_argument('--strict', action='store_true',
                        help='every term must end below its start')
    parser.add_argument('--force', action='store_true', help='overwrite an existing --out')
    args = parser.parse_args(argv)
    curves = read_loss_curves(args.path)
    plot_loss_curves(curves, args.out, force=args.force)
    failing = []
    print(f'{"loss term":<22}{"start":>10}{"peak":>10}{"end":>10}  verdict')
    for key, trend in sorted(loss_trends(curves, args.fraction).items()):
        verdict = trend.verdict(args.min_drop)
        if verdict == 'does not fall' or (args.strict and verdict != 'falls'):
            failing.append(key)
        print(f'{key:<22}{trend.start:>10.4f}{trend.peak:>10.4f}{trend.end:>10.4f}  {verdict}')
    if failing:
        print(f'not falling: {", ".join(failing)}')
    print(f'wrote {args.out}')
    return 1 if failing else 0


if __name__ == '__main__':
    sys.exit(run_cli('plot_loss_curves', main))
