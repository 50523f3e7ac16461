import json
import os.path as osp

import numpy as np
import pytest
from PIL import Image

from mmfer.datasets.rafdb_converter import RAFDBFormatError, convert_rafdb, resolve_box
from mmfer.utils import register_all_modules

IMAGES = {  # name: (label, width, height, box line)
    'train_00001.jpg': (4, 100, 80, '10.0 12.0 60.0 70.0 '),    # x1 y1 x2 y2, trailing space
    'train_00002.jpg': (1, 100, 80, '20 10 70 60'),
    'train_00003.jpg': (7, 90, 90, '50 40 30 45'),              # only x y w h fits
    'train_00004.jpg': (6, 100, 80, '-5 5 50 85'),              # partly outside: clipped
    'test_0001.jpg': (3, 100, 80, '5 5 95 75'),
    'test_0002.jpg': (5, 64, 64, '0 0 64 64'),
}


def make_rafdb(root, images=IMAGES, basic=True):
    base = root / 'basic' if basic else root
    for folder in ('EmoLabel', 'Image/original', 'Annotation/boundingbox', 'Annotation/manual',
                   'Annotation/auto'):
        (base / folder).mkdir(parents=True, exist_ok=True)
    lines = []
    for name, (label, w, h, box) in images.items():
        stem = osp.splitext(name)[0]
        lines.append(f'{name} {label}')
        Image.fromarray(np.full((h, w, 3), 128, np.uint8)).save(base / 'Image/original' / name)
        (base / 'Annotation/boundingbox' / f'{stem}_boundingbox.txt').write_text(box + '\n')
        manual = ''.join(f'{20 + 5 * i}\t{30 + i}\n' for i in range(5)) + '0\n1\n2\n'
        (base / 'Annotation/manual' / f'{stem}_manu_attri.txt').write_text(manual)
        auto = ''.join(f'{10 + i} {20 + i}\n' for i in range(37))
        (base / 'Annotation/auto' / f'{stem}_auto_attri.txt').write_text(auto)
    (base / 'EmoLabel/list_patition_label.txt').write_text('\n'.join(lines) + '\n')
    return base


def load(out, split):
    with open(out / 'annotations' / f'rafdb_{split}.json') as f:
        return json.load(f)


@pytest.mark.parametrize('basic', [True, False])
def test_converts_rafdb_with_or_without_basic_level(tmp_path, basic):
    make_rafdb(tmp_path / 'raf', basic=basic)
    out = tmp_path / 'out'
    summary = convert_rafdb(str(tmp_path / 'raf'), str(out))
    train, test = load(out, 'trainval'), load(out, 'test')  # RAF-DB's own two splits
    assert [i['file_name'] for i in train['images']] == [
        'train_00001.jpg', 'train_00002.jpg', 'train_00003.jpg', 'train_00004.jpg']
    assert len(test['images']) == 2
    assert [c['name'] for c in train['categories']][:2] == ['Surprise', 'Fear']
    first = train['annotations'][0]
    assert first['category_id'] == 4  # RAF-DB label ids are kept as category ids
    assert first['bbox'] == pytest.approx([10, 12, 50, 58])
    assert first['keypoints'][:6] == [20, 30, 2, 25, 31, 2] and first['num_keypoints'] == 5
    assert len(first['landmarks_auto']) == 74
    assert train['annotations'][2]['bbox'] == pytest.approx([50, 40, 30, 45])  # read as xywh
    assert train['annotations'][3]['bbox'] == pytest.approx([0, 5, 50, 75])    # clipped
    assert summary.boxes == {'xyxy': 4, 'xywh': 1, 'clipped': 1}
    assert dict(summary.per_class['trainval']) == dict(Happiness=1, Surprise=1, Neutral=1,
                                                       Anger=1)
    text = summary.format()
    assert 'trainval: 4 faces' in text and 'test: 2 faces' in text
    # one image per class: 10 % of it rounds to none, so val is empty and train whole
    assert len(load(out, 'train')['images']) == 4 and not load(out, 'val')['images']


def fake_coco(counts):
    images, annotations = [], []
    for label, n in enumerate(counts, 1):
        for _ in range(n):
            i = len(images) + 1
            images.append(dict(id=i, file_name=f'train_{i:05d}.jpg'))
            annotations.append(dict(id=i, image_id=i, category_id=label))
    return dict(images=images, annotations=annotations)


def test_validation_split_is_stratified_disjoint_and_the_same_every_time():
    from mmfer.datasets.rafdb_converter import carve_validation
    coco = fake_coco([130, 28, 72, 470, 190, 70, 250])  # RAF-DB's proportions / 10
    train, val = carve_validation(coco)
    train_ids = {im['id'] for im in train['images']}
    val_ids = {im['id'] for im in val['images']}
    assert not train_ids & val_ids and len(train_ids | val_ids) == len(coco['images'])
    per_class = [sum(a['category_id'] == c for a in val['annotations']) for c in range(1, 8)]
    assert per_class == [13, 3, 7, 47, 19, 7, 25]  # round(10 %) of every class
    again = carve_validation(fake_coco([130, 28, 72, 470, 190, 70, 250]))[1]
    assert [im['id'] for im in again['images']] == [im['id'] for im in val['images']]
    other_seed = carve_validation(coco, seed=1)[1]
    assert {im['id'] for im in other_seed['images']} != val_ids
    # a small set still gets a validation image of every class that has two
    _, small = carve_validation(fake_coco([1, 2, 4, 3, 2, 2, 4]))
    assert sorted(a['category_id'] for a in small['annotations']) == [2, 3, 4, 5, 6, 7]


def test_converted_files_load_as_dataset(tmp_path):
    from mmfer.datasets import RAFDBDataset
    register_all_modules()
    base = make_rafdb(tmp_path / 'raf')
    convert_rafdb(str(base), str(base))
    ds = RAFDBDataset(data_root=str(base), ann_file='annotations/rafdb_trainval.json',
                      data_prefix=dict(img='Image/original/'), pipeline=[])
    assert len(ds) == 4
    info = ds[0]
    assert osp.isfile(info['img_path'])
    assert info['instances'][0]['bbox_label'] == 3
    assert info['instances'][0]['keypoints'].shape == (5, 3)


@pytest.mark.parametrize('basic', [True, False])
@pytest.mark.parametrize('in_place', [True, False])
def test_converted_anywhere_the_dataset_finds_the_images(tmp_path, basic, in_place):
    """OUT_DIR as data_root trains as it is: the files record RAF-DB's image folder."""
    from mmfer.datasets import RAFDBDataset
    make_rafdb(tmp_path / 'raf', basic=basic)
    out = tmp_path / 'raf' if in_place else tmp_path / 'elsewhere' / 'rafdb'
    convert_rafdb(str(tmp_path / 'raf'), str(out))
    info = load(out, 'test')['info']
    images = tmp_path / 'raf' / ('basic' if basic else '') / 'Image' / 'original'
    assert osp.normpath(out / 'annotations' / info['image_dir']) == str(images)
    assert info['image_dir_absolute'] == str(images)
    ds = RAFDBDataset(data_root=str(out), ann_file='annotations/rafdb_test.json',
                      data_prefix=dict(img='Image/original/'), pipeline=[])
    assert [osp.dirname(d['img_path']) for d in ds.load_data_list()] == [str(images)] * 2
    # the annotation folder moved alone: the absolute path still finds the images
    moved = tmp_path / 'moved'
    (out / 'annotations').rename(moved)
    ds = RAFDBDataset(ann_file=str(moved / 'rafdb_test.json'), pipeline=[],
                      data_prefix=dict(img=str(tmp_path / 'nowhere')))
    assert osp.isfile(ds[0]['img_path'])


def test_an_existing_configured_image_folder_wins(tmp_path):
    from mmfer.datasets import RAFDBDataset
    base = make_rafdb(tmp_path / 'raf')
    convert_rafdb(str(base), str(tmp_path / 'out'))
    copy = tmp_path / 'out' / 'Image' / 'original'
    copy.mkdir(parents=True)
    for name in ('test_0001.jpg', 'test_0002.jpg'):
        (copy / name).write_bytes((base / 'Image/original' / name).read_bytes())
    ds = RAFDBDataset(data_root=str(tmp_path / 'out'), ann_file='annotations/rafdb_test.json',
                      data_prefix=dict(img='Image/original/'), pipeline=[])
    assert osp.dirname(ds[0]['img_path']) == str(copy)


def test_box_resolution_rules():
    assert resolve_box([10, 10, 50, 60], 100, 100) == ((10, 10, 50, 60), 'xyxy')
    assert resolve_box([60, 60, 30, 30], 100, 100) == ((60, 60, 90, 90), 'xywh')
    assert resolve_box([10, 10, 50, 60], 100, 100, 'xywh') == ((10, 10, 60, 70), 'xywh')
    assert resolve_box([80, 80, 150, 150], 100, 100)[1] == 'clipped'
    assert resolve_box([200, 200, 300, 300], 100, 100) == (None, 'rejected')
    assert resolve_box([10, 10, 10, 10], 100, 100, 'xyxy') == (None, 'rejected')


def test_refuses_to_overwrite_without_force(tmp_path):
    make_rafdb(tmp_path / 'raf')
    out = tmp_path / 'out'
    convert_rafdb(str(tmp_path / 'raf'), str(out))
    before = (out / 'annotations/rafdb_train.json').read_text()
    with pytest.raises(FileExistsError, match='--force'):
        convert_rafdb(str(tmp_path / 'raf'), str(out))
    assert (out / 'annotations/rafdb_train.json').read_text() == before
    convert_rafdb(str(tmp_path / 'raf'), str(out), force=True)


def test_missing_root_and_folders(tmp_path):
    with pytest.raises(RAFDBFormatError, match='does not exist'):
        convert_rafdb(str(tmp_path / 'nowhere'), str(tmp_path / 'out'))
    (tmp_path / 'empty').mkdir()
    with pytest.raises(RAFDBFormatError, match='list_patition_label.txt'):
        convert_rafdb(str(tmp_path / 'empty'), str(tmp_path / 'out'))
    base = make_rafdb(tmp_path / 'raf')
    import shutil
    shutil.rmtree(base / 'Annotation/boundingbox')
    with pytest.raises(RAFDBFormatError, match='missing folder .*boundingbox'):
        convert_rafdb(str(tmp_path / 'raf'), str(tmp_path / 'out'))
    assert not (tmp_path / 'out').exists()


@pytest.mark.parametrize('content, message', [
    ('train_00001.jpg 8\n', r'list_patition_label.txt:1: label 8 .* outside 1..7'),
    ('train_00001.jpg 0\n', r':1: label 0'),
    ('train_00001.jpg happy\n', r':1: expected "<image name> <label 1..7>"'),
    ('train_00001.jpg 4\ntrain_00001.jpg 4\n', r':2: duplicate image name train_00001.jpg '
     r'\(first on line 1\)'),
    (b'train_00001.jpg 4\ntrain_\xff\xfe.jpg 4\n', r':2: not UTF-8'),
])
def test_bad_label_list(tmp_path, content, message):
    base = make_rafdb(tmp_path / 'raf')
    path = base / 'EmoLabel/list_patition_label.txt'
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(RAFDBFormatError, match=message):
        convert_rafdb(str(tmp_path / 'raf'), str(tmp_path / 'out'))
    assert not (tmp_path / 'out').exists()


def test_bad_images_and_boxes_are_skipped_and_reported(tmp_path):
    images = dict(IMAGES)
    images.update({f'train_{i:05d}.jpg': (4, 100, 80, '10 10 50 50') for i in range(5, 30)})
    base = make_rafdb(tmp_path / 'raf', images)
    original = base / 'Image/original'
    data = (original / 'train_00005.jpg').read_bytes()
    (original / 'train_00005.jpg').write_bytes(data[:len(data) // 2])   # truncated
    (original / 'train_00006.jpg').write_bytes(b'not an image')          # unreadable
    (original / 'train_00007.jpg').unlink()                               # missing
    (base / 'Annotation/boundingbox/train_00008_boundingbox.txt').write_text('200 200 300 300')
    (base / 'Annotation/boundingbox/train_00009_boundingbox.txt').write_text('10 10 0 0')
    (base / 'Annotation/boundingbox/train_00010_boundingbox.txt').write_text('1 2 three\n')
    (base / 'Annotation/manual/train_00011_manu_attri.txt').unlink()
    with pytest.raises(RAFDBFormatError, match='6 of 31 images would be skipped'):
        convert_rafdb(str(base), str(tmp_path / 'out'))
    summary = convert_rafdb(str(base), str(tmp_path / 'out'), max_skip_fraction=0.5)
    skipped = {k: sorted(v) for k, v in summary.skipped.items()}
    assert skipped['missing, unreadable or truncated image'] == [
        'train_00005.jpg', 'train_00006.jpg', 'train_00007.jpg']
    assert skipped['box outside the image or of zero area'] == [
        'train_00008.jpg', 'train_00009.jpg']
    assert skipped['missing or malformed box file'] == ['train_00010.jpg']
    assert summary.without_landmarks['manual 5'] == ['train_00011.jpg']
    train = load(tmp_path / 'out', 'trainval')
    names = [i['file_name'] for i in train['images']]
    assert len(names) == 29 - 6 and 'train_00005.jpg' not in names
    kept = train['annotations'][names.index('train_00011.jpg')]
    assert kept['keypoints'] == [] and kept['num_keypoints'] == 0
    assert 'skipped (missing, unreadable or truncated image): 3' in summary.format()


def test_non_utf8_annotation_file(tmp_path):
    base = make_rafdb(tmp_path / 'raf')
    (base / 'Annotation/manual/train_00002_manu_attri.txt').write_bytes(b'1\t2\n\xff\xfe\n')
    with pytest.raises(RAFDBFormatError, match=r'train_00002_manu_attri.txt:2: not UTF-8'):
        convert_rafdb(str(base), str(tmp_path / 'out'))
