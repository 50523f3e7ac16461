"""Print the paper's Table 1 (AP50 per expression, mAP50) for one or more evaluated models.

    python tools/analysis_tools/table1.py NAME=RESULTS [NAME=RESULTS ...] [--note TEXT ...]
                                          [--out table.md] [--force]

RESULTS is the metrics JSON that tools/test.py writes (WORK_DIR/<timestamp>/<timestamp>.json)
or a training run's vis_data/scalars.json (its last evaluation is used). Each --note is a line
under the table (tools/reproduce_table1.sh writes the recipe, batch and lr there). --out
writes the table atomically; an existing file is replaced only with --force.
"""
import argparse
import sys

from mmfer.evaluation import format_table1, read_metrics, table1_row
from mmfer.utils.cli import run_cli
from mmfer.utils.io import write_atomic


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('results', nargs='+', metavar='NAME=RESULTS')
    parser.add_argument('--note', action='append', default=[],
                        help='a line to print under the table')
    parser.add_argument('--out', help='also write the table to this file')
    parser.add_argument('--force', action='store_true', help='replace an existing --out file')
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
    table = '\n\n'.join([format_table1(rows)] + args.note)
    print(table)
    if args.out:
        def write(path):
            with open(path, 'w', encoding='utf-8') as f:
                f.write(table + '\n')
        try:
            write_atomic(args.out, write, force=args.force)
        except FileExistsError:
            print(f'table1: error: {args.out} exists; not overwritten (--force replaces it)',
                  file=sys.stderr)
            return 2
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('table1', main))
