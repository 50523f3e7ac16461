"""Print the paper's Table 1 (AP50 per expression, mAP50) for one or more evaluated models.

    python tools/analysis_tools/table1.py NAME=RESULTS [NAME=RESULTS ...] [--out table.md]

RESULTS is the metrics JSON that tools/test.py writes (WORK_DIR/<timestamp>/<timestamp>.json)
or a training run's vis_data/scalars.json (its last evaluation is used).
"""
import argparse
import sys

from mmfer.evaluation import format_table1, read_metrics, table1_row
from mmfer.utils.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('results', nargs='+', metavar='NAME=RESULTS')
    parser.add_argument('--out', help='also write the table to this (new) file')
    args = parser.parse_args(argv)
    rows = {}
    try:
        for item in args.results:
            name, sep, path = item.partition('=')
            if not sep:
                raise ValueError(f'{item!r}: expected NAME=RESULTS')
            rows[name] = table1_row(read_metrics(path))
    except (OSError, ValueError) as e:
        print(f'table1: error: {e}', file=sys.stderr)
        return 2
    table = format_table1(rows)
    print(table)
    if args.out:
        try:
            with open(args.out, 'x', encoding='utf-8') as f:
                f.write(table + '\n')
        except FileExistsError:
            print(f'table1: error: {args.out} exists; not overwritten', file=sys.stderr)
            return 2
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('table1', main))
