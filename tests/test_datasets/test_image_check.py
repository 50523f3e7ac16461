"""Images checked when a dataset loads: every bad file named before training, or skipped."""
import json
import os.path as osp

import numpy as np
import pytest
from PIL import Image

from mmfer.datasets import RAFDBDataset
from mmfer.datasets.expressions import coco_categories
from mmfer.datasets.image_check import describe_bad_images, find_bad_images, image_problem


def write_set(root, names, broken=()):
    """A COCO file of one face per image under root/annotations, images in root/images."""
    (root / 'images').mkdir(parents=True)
    (root / 'annotations').mkdir()
    images, anns = [], []
    for i, name in enumerate(names, 1):
        if name not in broken:
            Image.fromarray(np.zeros((32, 32, 3), np.uint8)).save(root / 'images' / name)
        images.append(dict(id=i, file_name=name, width=32, height=32))
        anns.append(dict(id=i, image_id=i, category_id=1, bbox=[4, 4, 20, 20], area=400,
                         iscrowd=0))
    with open(root / 'annotations' / 'faces.json', 'w') as f:
        json.dump(dict(images=images, annotations=anns, categories=coco_categories()), f)


def dataset(root, **kwargs):
    return RAFDBDataset(data_root=str(root), ann_file='annotations/faces.json',
                        data_prefix=dict(img='images/'), pipeline=[], **kwargs)


def test_image_problems(tmp_path):
    good = tmp_path / 'a.png'
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(good)
    Image.fromarray(np.zeros((4, 4, 3), np.uint8)).save(tmp_path / 'b.webp')
    (tmp_path / 'empty.jpg').write_bytes(b'')
    (tmp_path / 'page.jpg').write_bytes(b'<html>404</html>')
    assert image_problem(str(good)) is None
    assert image_problem(str(tmp_path / 'b.webp')) is None
    assert image_problem(str(tmp_path / 'none.jpg')) == 'missing'
    assert image_problem(str(tmp_path / 'empty.jpg')) == 'empty'
    assert image_problem(str(tmp_path / 'page.jpg')).startswith('not an image (starts with 3c68')
    assert image_problem(str(tmp_path)) == 'a folder'
    assert find_bad_images([str(good), str(tmp_path / 'none.jpg')]) == [
        (str(tmp_path / 'none.jpg'), 'missing')]


def test_missing_images_stop_the_dataset_naming_path_folder_counts_and_fix(tmp_path):
    write_set(tmp_path, [f'{i}.jpg' for i in range(5)], broken={'1.jpg', '3.jpg'})
    with pytest.raises(FileNotFoundError) as error:
        dataset(tmp_path)
    message = str(error.value)
    assert 'faces.json: 2 of 5 images are bad (2 missing)' in message
    assert f'looked in {tmp_path / "images"}' in message
    assert f'first: {tmp_path / "images" / "1.jpg"} (missing)' in message
    assert 'DATA_ROOT=OUT_DIR' in message and "bad_images='skip'" in message


def test_a_missing_image_folder_is_said_so(tmp_path):
    write_set(tmp_path, ['0.jpg'])
    (tmp_path / 'images' / '0.jpg').unlink()
    (tmp_path / 'images').rmdir()
    with pytest.raises(FileNotFoundError, match='images, which does not exist'):
        dataset(tmp_path)


def test_skip_drops_and_counts_the_bad_files(tmp_path):
    write_set(tmp_path, [f'{i}.jpg' for i in range(4)], broken={'2.jpg'})
    (tmp_path / 'images' / '0.jpg').write_bytes(b'not a jpeg')
    ds = dataset(tmp_path, bad_images='skip')
    assert len(ds) == 2 and ds.num_bad_images == 2
    assert [osp.basename(ds[i]['img_path']) for i in range(2)] == ['1.jpg', '3.jpg']


def test_off_checks_nothing_and_a_bad_mode_is_refused(tmp_path):
    write_set(tmp_path, ['0.jpg'], broken={'0.jpg'})
    assert len(dataset(tmp_path, bad_images='off')) == 1
    with pytest.raises(ValueError, match="bad_images must be one of"):
        dataset(tmp_path, bad_images='ignore')


def test_the_message_shortens_long_lists():
    bad = [(f'/d/{i}.jpg', 'missing') for i in range(8)]
    text = describe_bad_images(bad, 100, 'a.json', '/d', max_names=3)
    assert '/d/2.jpg (missing); ... (+5)' in text and '/d/3.jpg' not in text
