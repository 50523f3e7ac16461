"""AffectNet and ExpW into mmfer's COCO files in RAF-DB's class order, on fixtures in their
documented layouts (tests/data/affectnet, tests/data/expw: synthetic faces; the command lines
and a RAF-DB model evaluated on their output: tests/test_tools/test_dataset_converters.py)."""
import json

import numpy as np
import pytest

from mmfer.datasets.affectnet_converter import convert_affectnet
from mmfer.datasets.expressions import EXPRESSION_CLASSES
from mmfer.datasets.expw_converter import convert_expw
from mmfer.datasets.rafdb_converter import DatasetFormatError


def category_names(coco):
    names = {c['id']: c['name'] for c in coco['categories']}
    return [names[a['category_id']] for a in coco['annotations']]


def test_affectnet_maps_its_codes_to_rafdb_classes_and_keeps_5_landmarks(affectnet, tmp_path):
    summary = convert_affectnet(str(affectnet), str(tmp_path / 'out'))
    coco = json.load(open(tmp_path / 'out/annotations/affectnet_val.json'))
    assert [c['name'] for c in coco['categories']] == list(EXPRESSION_CLASSES)
    # codes 0..8 then 1: Contempt (7) and None (8) left out
    assert category_names(coco) == ['Neutral', 'Happiness', 'Sadness', 'Surprise', 'Fear',
                                    'Disgust', 'Anger', 'Happiness']
    assert summary.skipped.keys() == {'expression 7 left out', 'expression 8 left out'}
    # the 5 landmarks: the 68's eye centres, nose tip and mouth corners (the fixture put the
    # synthetic face's own 5 there)
    first = coco['annotations'][0]
    points = np.array(first['keypoints']).reshape(5, 3)
    assert first['num_keypoints'] == 5 and (points[:, 2] == 2).all()
    assert points[0, 0] < points[1, 0]  # left eye left of the right one
    x, y, w, h = first['bbox']
    assert ((points[:, 0] >= x) & (points[:, 0] <= x + w)).all()
    kept = convert_affectnet(str(affectnet), str(tmp_path / 'c'), keep_contempt=True)
    coco = json.load(open(tmp_path / 'c/annotations/affectnet_val.json'))
    assert 'Contempt' in category_names(coco) and len(coco['categories']) == 8
    assert kept.per_class['val']['Contempt'] == 1


def test_expw_keeps_every_face_of_an_image_in_rafdb_classes(expw, tmp_path):
    convert_expw(str(expw), str(tmp_path / 'out'))
    coco = json.load(open(tmp_path / 'out/annotations/expw.json'))
    lines = [line.split() for line in open(expw / 'label/label.lst')]
    assert len(coco['annotations']) == len(lines) and len(coco['images']) == 6
    assert len(coco['annotations']) > len(coco['images'])  # several faces per image
    first = coco['annotations'][0]
    top, left, right, bottom = (float(v) for v in lines[0][2:6])
    assert first['bbox'] == pytest.approx([left, top, right - left, bottom - top])
    expw_order = ['Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise', 'Neutral']
    assert category_names(coco) == [expw_order[int(line[7])] for line in lines]
    convert_expw(str(expw), str(tmp_path / 'conf'), min_confidence=0.8)
    confident = json.load(open(tmp_path / 'conf/annotations/expw.json'))
    assert len(confident['annotations']) == sum(float(line[6]) >= 0.8 for line in lines)


def test_bad_affectnet_input_is_named_and_nothing_overwritten(affectnet, tmp_path):
    csv_path = affectnet / 'Manually_Annotated_file_lists/validation.csv'
    text = csv_path.read_text()
    csv_path.write_text(text.replace('face_width', 'face_w'))
    with pytest.raises(DatasetFormatError, match='validation.csv: no column face_width'):
        convert_affectnet(str(affectnet), str(tmp_path / 'out'))
    lines = text.splitlines()
    lines[3] = lines[3].replace(lines[3].split(',')[1], 'left', 1)
    csv_path.write_text('\n'.join(lines) + '\n')
    with pytest.raises(DatasetFormatError, match='validation.csv:4: expected numbers'):
        convert_affectnet(str(affectnet), str(tmp_path / 'out'))
    csv_path.write_text(text)
    (affectnet / 'Manually_Annotated_Images/101/img_02.jpg').unlink()
    with pytest.raises(DatasetFormatError, match='1 of 10 rows would be skipped'):
        convert_affectnet(str(affectnet), str(tmp_path / 'out'))
    summary = convert_affectnet(str(affectnet), str(tmp_path / 'out'), max_skip_fraction=0.5)
    assert summary.skipped['missing, unreadable or truncated image'] == ['101/img_02.jpg']
    out = tmp_path / 'out/annotations/affectnet_val.json'
    before = out.read_bytes()
    with pytest.raises(FileExistsError, match='pass --force'):
        convert_affectnet(str(affectnet), str(tmp_path / 'out'))
    assert out.read_bytes() == before
    with pytest.raises(DatasetFormatError, match='missing folder'):
        convert_affectnet(str(tmp_path / 'nowhere'), str(tmp_path / 'x'))


def test_bad_expw_input_is_named(expw, tmp_path):
    label = expw / 'label/label.lst'
    text = label.read_text()
    label.write_text(text + 'extra.jpg 0 1 2 3\n')
    with pytest.raises(DatasetFormatError, match=r'label.lst:\d+: expected "image face_id'):
        convert_expw(str(expw), str(tmp_path / 'out'))
    label.write_text(text + 'extra.jpg 0 1 2 30 30 0.9 7\n')
    with pytest.raises(DatasetFormatError, match=r'label 7 is outside 0..6'):
        convert_expw(str(expw), str(tmp_path / 'out'))
    (expw / 'label/label.lst').unlink()
    with pytest.raises(DatasetFormatError, match='missing label list'):
        convert_expw(str(expw), str(tmp_path / 'out'))

