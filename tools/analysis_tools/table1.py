"""Print the paper's Table 1 (AP50 per expression, mAP50) for one or more evaluated models.

    python tools/analysis_tools/table1.py NAME=RESULTS [NAME=RESULTS ...] [--cost NAME=JSON ...]
                                          [--skipped NAME ...] [--note TEXT ...]
                                          [--out table.md] [--force]

RESULTS is the metrics JSON that tools/test.py writes (WORK_DIR/<timestamp>/<timestamp>.json)
or a training run's vis_data/scalars.json (its last evaluation is used).

When every NAME is a row of the paper's Table 1 (mmfer.evaluation.table1_rows: ssd, retinanet,
yolov3, ..., deim, natten-deim, rtmdet, dino, ...), the table is laid out as the paper's: its
row and column order, the paper's own mAP50 beside ours, and two tables, COCO's AP50 and the
VOC devkit's (the paper's baselines were scored VOC-style, its DEIM rows COCO-style: each row's
paper figure says which); --cost gives a row's parameters and latency (the JSON of
tools/analysis_tools/benchmark.py), --skipped lists a row this installation cannot run, with the
reason. Otherwise NAME is a free label and the table has one metric, COCO's.

Each --note is a line under the table (tools/reproduce_table1.sh writes the recipe, batch and
lr there). --out writes the table atomically; an existing file is replaced only with --force.
"""
import argparse
import sys

from mmengine.fileio import load

from mmfer.cli import print_table, run_cli
from mmfer.evaluation import format_table1, read_metrics, table1_row
from mmfer.evaluation.table import METRIC_NAMES, format_paper_table1
from mmfer.evaluation.table1_rows import ROW_KEYS, ROWS


def pairs(items, what: str) -> dict:
    out = {}
    for item in items:
        name, sep, path = item.partition('=')
        if not sep:
            raise ValueError(f'{item!r}: expected NAME={what}')
        out[name] = path
    return out


def paper_table(results: dict, costs: dict, skipped) -> str:
    """Both metrics' tables in the paper's layout, then why the skipped rows were not run."""
    shown = [row for row in ROWS if row.key in results or row.key in skipped]
    parts = []
    for prefix in ('coco', 'voc'):
        parts += [f'{METRIC_NAMES[prefix]}:', format_paper_table1(results, shown, prefix, costs)]
    reasons = [f'- {row.label}: {row.unavailable or "not run"}' for row in shown
               if row.key in skipped]
    if reasons:
        parts.append('Not run here:\n' + '\n'.join(reasons))
    parts.append('The paper\'s figures: its baselines as the FER-YOLO papers report them (VOC '
                 'devkit, their own splits), its DEIM rows from DEIM\'s code (COCO); compare '
                 'each with the table of its kind.')
    return '\n\n'.join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('results', nargs='+', metavar='NAME=RESULTS')
    parser.add_argument('--cost', action='append', default=[], metavar='NAME=JSON',
                        help='parameters and latency of a row (benchmark.py --out)')
    parser.add_argument('--skipped', action='append', default=[], metavar='NAME',
                        help='a Table 1 row that was asked for but cannot run here')
    parser.add_argument('--note', action='append', default=[],
                        help='a line to print under the table')
    parser.add_argument('--out', help='also write the table to this file')
    parser.add_argument('--force', action='store_true', help='replace an existing --out file')
    args = parser.parse_args(argv)
    paths = pairs(args.results, 'RESULTS')
    cost_paths = pairs(args.cost, 'JSON')
    names = set(paths) | set(cost_paths) | set(args.skipped)
    paper_layout = names <= set(ROW_KEYS)
    if not paper_layout and (cost_paths or args.skipped):
        raise ValueError('--cost and --skipped take Table 1 rows (' + ', '.join(ROW_KEYS)
                         + '), and so must every NAME then')
    metrics = {name: read_metrics(path) for name, path in paths.items()}
    if paper_layout:
        costs = {name: load(path) for name, path in cost_paths.items()}
        table = paper_table(metrics, costs, args.skipped)
    else:
        table = format_table1({name: table1_row(m) for name, m in metrics.items()})
    table = '\n\n'.join([table] + args.note)
    print_table(table, args.out, force=args.force)
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('table1', main))
