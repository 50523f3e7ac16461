"""The rows of the paper's Table 1 that ROWS names, one per line, for tools/reproduce_table1.sh.

    python tools/misc/table1_rows.py ROWS [--data rafdb|rafdb-320|synth] [--size n|s|m]
                                     [--schedule 72e|sgd-100e]

ROWS is ``all`` or row names separated by commas or spaces ('' for the default: deim
natten-deim); the
rows are those of mmfer.evaluation.table1_rows, in the paper's order. Each line is
``KEY CONFIG`` (CONFIG under configs/) or ``KEY -`` for a row this installation cannot run.
"""
import argparse
import sys

from mmfer.evaluation.table1_rows import select_rows
from mmfer.utils.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('rows', help="all, row names, or '' for deim and natten-deim")
    parser.add_argument('--data', choices=['rafdb', 'rafdb-320', 'synth'], default='rafdb')
    parser.add_argument('--size', choices=list('nsm'), default='n')
    parser.add_argument('--schedule', choices=['72e', 'sgd-100e'], default='72e')
    args = parser.parse_args(argv)
    try:
        rows = select_rows(args.rows)
    except ValueError as e:
        print(f'table1_rows: error: {e}', file=sys.stderr)
        return 2
    for row in rows:
        config = None if row.unavailable else row.config(args.data, args.size, args.schedule)
        print(row.key, f'configs/{config}' if config else '-')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('table1_rows', main))
