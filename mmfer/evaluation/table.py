"""The paper's Table 1: one row per model, AP50 per expression class, and mAP50."""
import json
from typing import Dict, Mapping, Optional, Sequence

from mmfer.datasets.expressions import EXPRESSION_CLASSES


def format_table1(rows: Mapping[str, Mapping[str, float]],
                  classes: Sequence[str] = EXPRESSION_CLASSES) -> str:
    """A Markdown table of AP50 (in %) per class and mAP50, one row per model.

    Args:
        rows: model name -> ``{class name: AP50, ..., 'mAP50': value}``, values in [0, 1]
            (negative where a class has no ground truth, shown as ``-``).
        classes: column order. Defaults to RAF-DB's.

    Examples:
        >>> print(format_table1({'m': {'A': 0.5, 'B': 1.0, 'mAP50': 0.75}}, classes=('A', 'B')))
        | Model | A | B | mAP50 |
        |---|---|---|---|
        | m | 50.0 | 100.0 | 75.0 |
    """
    def cell(value):
        return '-' if value is None or value < 0 else f'{100 * value:.1f}'

    columns = list(classes) + ['mAP50']
    lines = ['| Model | ' + ' | '.join(columns) + ' |', '|' + '---|' * (len(columns) + 1)]
    for name, row in rows.items():
        lines.append(f'| {name} | ' + ' | '.join(cell(row.get(c)) for c in columns) + ' |')
    return '\n'.join(lines)


def table1_row(metrics: Mapping[str, float], prefix: str = 'coco',
               classes: Sequence[str] = EXPRESSION_CLASSES) -> Dict[str, float]:
    """Pick one model's Table 1 row out of the metrics ``ExpressionCocoMetric`` (``coco/``) or
    ``ExpressionVOCMetric`` (``voc/``) reports; values it lacks are -1 (shown as ``-``)."""
    row = {c: metrics.get(f'{prefix}/AP50_{c}', -1.0) for c in classes}
    row['mAP50'] = metrics.get(f'{prefix}/bbox_mAP_50', metrics.get(f'{prefix}/mAP50', -1.0))
    return row


METRIC_NAMES = dict(coco='COCO AP50 (101 recall points, at most 100 detections an image)',
                    voc='VOC AP50 (all points, every detection: the VOC devkit\'s rule)')


def format_paper_table1(results: Mapping[str, Mapping[str, float]], rows: Sequence,
                        prefix: str, costs: Optional[Mapping[str, Mapping]] = None) -> str:
    """The paper's Table 1 as it lays it out (its row and column order), for one metric.

    Args:
        results: row key -> the metrics of its test (``coco/...`` and ``voc/...``).
        rows: the ``Table1Row`` s to show, in order; a row without results shows ``-`` (the
            caller lists why it was not run).
        prefix: ``'coco'`` or ``'voc'``.
        costs: row key -> ``shape``, ``params_m`` and ``median_ms``
            (tools/analysis_tools/benchmark.py's JSON).

    Returns:
        str: Markdown: Method, Year, the 7 classes (AP50 %), mAP50, the paper's mAP50 (with
        the kind of AP it is: compare like with like), the input size the parameters and
        latency were measured at, parameters (M), latency (ms).
    """
    from .table1_rows import PAPER_COLUMNS
    costs = costs or {}

    def cell(value):
        return '-' if value is None or value < 0 else f'{100 * value:.1f}'

    header = (['Method', 'Year'] + [name for name, _ in PAPER_COLUMNS]
              + ['mAP50', 'paper mAP50', 'Input', 'Params (M)', 'Latency (ms)'])
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    for row in rows:
        values = table1_row(results[row.key], prefix) if row.key in results else {}
        paper = (f'{row.paper["mAP50"]:.2f} ({row.compare_with.upper()})' if row.paper
                 else 'not in the paper')
        cost = costs.get(row.key) or {}
        cells = ([row.label, str(row.year)]
                 + [cell(values.get(name)) for _, name in PAPER_COLUMNS]
                 + [cell(values.get('mAP50')), paper,
                    str(cost['shape']) if cost else '-',
                    f'{cost["params_m"]:.2f}' if cost else '-',
                    f'{cost["median_ms"]:.0f}' if cost else '-'])
        lines.append('| ' + ' | '.join(cells) + ' |')
    return '\n'.join(lines)


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
