"""tools/analysis_tools/table1.py: Table 1 as the paper lays it out, COCO's and the VOC
devkit's AP50 in two tables, the paper's figure of the same kind beside ours, cost columns, and
the rows this installation cannot run, with why."""
import json

from mmfer.evaluation.table1_rows import PAPER_COLUMNS
from tests.conftest import cli
from tools.analysis_tools.table1 import main as table_tool

table_main = cli('table1', table_tool)


def metrics(base):
    """A test's metrics: AP50 ``base + 0.01 i`` for the i-th of the paper's columns."""
    values = {}
    for i, (_, name) in enumerate(PAPER_COLUMNS):
        values[f'coco/AP50_{name}'] = base + 0.01 * i
        values[f'voc/AP50_{name}'] = base + 0.01 * i + 0.002
    values.update({'coco/bbox_mAP_50': base + 0.03, 'voc/mAP50': base + 0.032})
    return values


def test_the_paper_layout_with_both_metrics_costs_and_skipped_rows(tmp_path, capsys):
    for key, base in (('natten-deim', 0.8), ('retinanet', 0.5)):
        (tmp_path / f'{key}.json').write_text(json.dumps(metrics(base)))
    (tmp_path / 'cost.json').write_text(json.dumps(
        dict(shape=320, params_m=36.45, median_ms=115.2)))
    out = tmp_path / 'table.md'
    assert table_main([f'natten-deim={tmp_path}/natten-deim.json',
                       f'retinanet={tmp_path}/retinanet.json',
                       '--cost', f'retinanet={tmp_path}/cost.json', '--skipped', 'yolov5',
                       '--note', 'Recipe: each its own', '--out', str(out)]) == 0
    table = out.read_text()
    coco, voc = table.split('VOC AP50')
    assert 'COCO AP50' in coco
    header = '| Method | Year | Anger | Disgust | Fear | Happy | Neutral | Sad | Surprise | mAP50 |'
    assert coco.count(header) == 1 and voc.count(header) == 1
    # the paper's row order, whatever the order of the arguments
    assert coco.index('| RetinaNet |') < coco.index('| YOLOv5 |') < coco.index('| Natten-DEIM |')
    assert ('| RetinaNet | 2017 | 50.0 | 51.0 | 52.0 | 53.0 | 54.0 | 55.0 | 56.0 | 53.0 | '
            '75.63 (VOC) | 320 | 36.45 | 115 |') in coco
    assert '| Natten-DEIM | 2025 | 80.2 | 81.2 |' in voc and '85.28 (COCO) | - | - | - |' in voc
    assert '| YOLOv5 | 2020 | - |' in coco
    assert 'Not run here:\n- YOLOv5: mmyolo' in table and table.rstrip().endswith(
        'Recipe: each its own')
    # rerun: replaced only with --force
    assert table_main([f'retinanet={tmp_path}/retinanet.json', '--out', str(out)]) == 2
    assert 'already exists; pass --force' in capsys.readouterr().err and out.read_text() == table
