"""Table 1's rows (mmfer.evaluation.table1_rows): the paper's row and column order, its
figures, and a reason for each row this installation cannot run."""
import pytest

from mmfer.evaluation.table1_rows import PAPER_COLUMNS, ROWS, row_by_key, select_rows


def test_rows_in_the_papers_order_with_its_figures_and_a_reason_for_each_missing_one():
    assert [row.key for row in ROWS][:14] == [
        'ssd', 'retinanet', 'yolov3', 'centernet', 'efficientnet', 'yolov4', 'yolov5', 'yolox',
        'yolov7', 'yolov8', 'fer-yolo-mamba', 'fer-yolo-ncamamba', 'deim', 'natten-deim']
    assert [name for name, _ in PAPER_COLUMNS] == [
        'Anger', 'Disgust', 'Fear', 'Happy', 'Neutral', 'Sad', 'Surprise']
    for row in ROWS:
        assert bool(row.configs) != bool(row.unavailable), row.key  # runnable, or says why
    assert 'mmcv < 2.1.0' in row_by_key('yolov8').unavailable
    assert row_by_key('natten-deim').paper['mAP50'] == 85.28
    assert row_by_key('natten-deim').paper['Anger'] == 94.28  # the paper's first column
    assert row_by_key('ssd').compare_with == 'voc' and row_by_key('deim').compare_with == 'coco'


def test_rows_are_chosen_by_name_in_the_tables_order():
    assert [r.key for r in select_rows('')] == ['deim', 'natten-deim']
    assert [r.key for r in select_rows('natten-deim, ssd')] == ['ssd', 'natten-deim']
    assert len(select_rows('all')) == len(ROWS)
    with pytest.raises(ValueError, match='unknown row.*yolo9.*the rows are all or ssd'):
        select_rows('ssd yolo9')
