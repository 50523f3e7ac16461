"""The paper's Table 1: one row per model, AP50 per expression class, and mAP50."""
import json
from typing import Dict, Mapping, Sequence

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
    """Pick one model's Table 1 row out of the metrics ``ExpressionCocoMetric`` reports."""
    row = {c: metrics.get(f'{prefix}/AP50_{c}', -1.0) for c in classes}
    row['mAP50'] = metrics[f'{prefix}/bbox_mAP_50']
    return row


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
