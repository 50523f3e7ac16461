"""Print the paper's Table 1 (AP50 per expression, mAP50) for one or more evaluated models.

    python tools/analysis_tools/table1.py NAME=RESULTS [NAME=RESULTS ...] [--out table.md]

RESULTS is the metrics JSON that tools/test.py writes (WORK_DIR/<timestamp>/<timestamp>.json)
or a training run's vis_data/scalars.json (its last evaluation is used).
"""
import argparse
import json
import sys

from mmfer.evaluation import format_table1, table1_row
from mmfer.utils.cli import run_cli


def read_metrics(path: str) -> dict:
    """The last record of ``path`` that holds ``coco/bbox_mAP_50``."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    try:
        records = [json.loads(text)]
    except json.JSONDecodeError:
        try:
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise ValueError(f'{path}: neither a metrics JSON nor a scalars.json '
                             f'({e})') from e
    records = [r for r in records if 'coco/bbox_mAP_50' in r]
    if not records:
        raise ValueError(f'{path}: no record with coco/bbox_mAP_50; was it evaluated with '
                         'ExpressionCocoMetric?')
    return records[-1]


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
