"""Summarise training runs over seeds: mAP50 and accuracy per seed, mean and spread per model.

    python tools/analysis_tools/seed_table.py NAME=WORK_DIR[,WORK_DIR...] [...] [--out table.md]
                                              [--force]

Each WORK_DIR is one training run's ``--work-dir``; its latest ``<timestamp>/vis_data/
scalars.json`` gives the last evaluation (the EMA weights' ``coco/bbox_mAP_50``, AP50 per
expression and ``expr/accuracy``, and the raw weights' ``raw/...`` where RawAndEMAValLoop logged
them), and the log beside it the wall clock from the first to the last line. A second table
gives each model's mean AP50 per expression.
"""
import argparse
import glob
import os.path as osp
import statistics
import sys
from datetime import datetime
from typing import Dict, List

from mmfer.cli import print_table, run_cli
from mmfer.datasets.expressions import EXPRESSION_CLASSES
from mmfer.evaluation import read_metrics
from mmfer.utils.loss_curves import find_scalars


def latest_run(work_dir: str) -> str:
    """The newest ``<timestamp>`` folder of ``work_dir`` that holds a scalars.json."""
    if osp.isdir(work_dir):
        try:
            return osp.dirname(osp.dirname(find_scalars(work_dir)))
        except FileNotFoundError:
            pass
    raise ValueError(f'{work_dir}: no <timestamp>/vis_data/scalars.json (not a training '
                     'work dir, or no evaluation yet)')


def wall_clock_minutes(log_file: str) -> float:
    """Minutes from the first to the last timestamped line of an mmengine log."""
    stamps = []
    with open(log_file, encoding='utf-8', errors='replace') as f:
        for line in f:
            # the run folder's log file, then the console's format
            for width, form in ((19, '%Y/%m/%d %H:%M:%S'), (14, '%m/%d %H:%M:%S')):
                try:
                    stamps.append(datetime.strptime(line[:width], form))
                    break
                except ValueError:
                    continue
    if len(stamps) < 2:
        raise ValueError(f'{log_file}: fewer than two timestamped lines')
    return (stamps[-1] - stamps[0]).total_seconds() / 60


def run_summary(work_dir: str) -> Dict[str, float]:
    run = latest_run(work_dir)
    metrics = read_metrics(osp.join(run, 'vis_data', 'scalars.json'))
    logs = glob.glob(osp.join(run, '*.log'))
    return dict(
        mAP50=metrics['coco/bbox_mAP_50'],
        raw_mAP50=metrics.get('raw/coco/bbox_mAP_50', float('nan')),
        accuracy=metrics.get('expr/accuracy', float('nan')),
        minutes=wall_clock_minutes(logs[0]) if logs else float('nan'),
        per_class={c: metrics.get(f'coco/AP50_{c}', float('nan')) for c in EXPRESSION_CLASSES})


def format_seed_table(rows: Dict[str, List[Dict[str, float]]]) -> str:
    """A Markdown table, one row per model: mAP50 (EMA) of each run, their mean and spread
    (max - min), the raw weights' mean mAP50, the mean accuracy and the mean wall clock.

    Examples:
        >>> print(format_seed_table({'m': [dict(mAP50=0.5, raw_mAP50=0.4, accuracy=0.6,
        ...                                     minutes=10.0),
        ...                                dict(mAP50=0.7, raw_mAP50=0.6, accuracy=0.8,
        ...                                     minutes=12.0)]}))
        | Model | runs | mAP50 per run | mean | spread | raw mean | accuracy | minutes |
        |---|---|---|---|---|---|---|---|
        | m | 2 | 50.0, 70.0 | 60.0 | 20.0 | 50.0 | 70.0 % | 11 |
    """
    lines = ['| Model | runs | mAP50 per run | mean | spread | raw mean | accuracy | minutes |',
             '|---|---|---|---|---|---|---|---|']
    for name, runs in rows.items():
        maps = [100 * r['mAP50'] for r in runs]
        lines.append(
            f'| {name} | {len(runs)} | {", ".join(f"{m:.1f}" for m in maps)} | '
            f'{statistics.mean(maps):.1f} | {max(maps) - min(maps):.1f} | '
            f'{100 * statistics.mean(r["raw_mAP50"] for r in runs):.1f} | '
            f'{100 * statistics.mean(r["accuracy"] for r in runs):.1f} % | '
            f'{statistics.mean(r["minutes"] for r in runs):.0f} |')
    return '\n'.join(lines)


def format_class_table(rows: Dict[str, List[Dict[str, float]]]) -> str:
    """A Markdown table of each model's mean AP50 per expression over its runs.

    Examples:
        >>> run = dict(per_class={c: 0.5 for c in EXPRESSION_CLASSES})
        >>> print(format_class_table({'m': [run]}).splitlines()[-1])
        | m | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 | 50.0 |
    """
    lines = ['| Model (mean AP50) | ' + ' | '.join(EXPRESSION_CLASSES) + ' |',
             '|---|' + '---|' * len(EXPRESSION_CLASSES)]
    for name, runs in rows.items():
        means = [100 * statistics.mean(r['per_class'][c] for r in runs)
                 for c in EXPRESSION_CLASSES]
        lines.append(f'| {name} | ' + ' | '.join(f'{m:.1f}' for m in means) + ' |')
    return '\n'.join(lines)


def split_run_arg(item: str):
    """``NAME=WORK_DIR[,WORK_DIR...]`` -> (name, [work dirs]).

    A name may itself hold ``=`` (``PRETRAIN_SEED=1``): the split is at the first ``=`` after
    which every work dir exists, or at the first ``=`` when none fits (the missing dir is then
    reported by name).
    """
    cuts = [i for i, c in enumerate(item) if c == '=' and 0 < i < len(item) - 1]
    if not cuts:
        raise ValueError(f'{item!r}: expected NAME=WORK_DIR[,WORK_DIR...]')
    for i in cuts:
        dirs = item[i + 1:].split(',')
        if all(osp.isdir(d) for d in dirs):
            return item[:i], dirs
    return item[:cuts[0]], item[cuts[0] + 1:].split(',')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('runs', nargs='+', metavar='NAME=WORK_DIR[,WORK_DIR...]')
    parser.add_argument('--out', help='also write the table to this (new) file')
    parser.add_argument('--force', action='store_true', help='replace an existing --out file')
    args = parser.parse_args(argv)
    rows = {}
    for item in args.runs:
        name, dirs = split_run_arg(item)
        rows[name] = [run_summary(d) for d in dirs]
    table = format_seed_table(rows) + '\n\n' + format_class_table(rows)
    print_table(table, args.out, force=args.force)
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('seed_table', main))
