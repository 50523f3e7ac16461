"""The synthetic faces written in RAF-DB's own ``basic/`` layout: a stand-in for RAF-DB.

RAF-DB is licence-gated and cannot be downloaded here; this writes what its authors ship, with
the synthetic set's faces, so that ``tools/dataset_converters/rafdb2coco.py`` and then
``tools/reproduce_table1.sh`` run on it exactly as on RAF-DB::

    root/EmoLabel/list_patition_label.txt        "train_00001.jpg 4" per image (labels 1..7)
    root/Image/original/train_00001.jpg          one face, RAF-DB-like sizes (not square)
    root/Annotation/boundingbox/train_00001_boundingbox.txt    "x1 y1 x2 y2"
    root/Annotation/manual/train_00001_manu_attri.txt          5 landmarks "x\\ty", then
                                                               gender, race and age lines

There is no ``Annotation/auto`` (the synthetic faces have 5 landmarks, not RAF-DB's 37
automatic ones): the converter keeps the images and counts them as without those.
"""
import dataclasses
import os
import os.path as osp
import shutil

import cv2
import numpy as np

from .rafdb_converter import LABEL_FILE
from .synthetic import SyntheticConfig, make_synthetic_image

#: RAF-DB's original images are a few hundred pixels on a side, one face filling much of each
SIZE_RANGE = (180, 420)
STANDIN = SyntheticConfig(seed=0, num_train=120, num_test=60, min_face=0.4, max_face=0.7,
                          occlusion_prob=0.15)


def _image(cfg: SyntheticConfig, split: str, index: int):
    """One stand-in image (H, W, 3) uint8 RGB with its face: a synthetic image of a random
    side, widened or heightened by up to 25 % with its own edge colours (the box and the
    landmarks do not move)."""
    rng = np.random.default_rng([cfg.seed, 7, ('train', 'test').index(split), index])
    side = int(rng.integers(SIZE_RANGE[0], SIZE_RANGE[1] + 1))
    img, (face,) = make_synthetic_image(dataclasses.replace(cfg, img_size=side), split, index)
    pad = int(rng.integers(0, side // 4 + 1))
    widths = ((0, pad), (0, 0), (0, 0)) if rng.random() < 0.5 else ((0, 0), (0, pad), (0, 0))
    return np.pad(img, widths, mode='edge'), face


def write_rafdb_standin(root: str, cfg: SyntheticConfig = STANDIN, force: bool = False) -> str:
    """Write ``cfg.num_train`` training and ``cfg.num_test`` test images in RAF-DB's layout
    under ``root`` (built beside it, then renamed into place).

    Returns:
        str: ``root``.

    Raises:
        FileExistsError: ``root`` exists and ``force`` is False.
        ValueError: ``cfg`` puts more than one face in an image (RAF-DB has one).
    """
    if cfg.faces_per_image != (1, 1):
        raise ValueError(f'RAF-DB has one face per image; got faces_per_image '
                         f'{cfg.faces_per_image}')
    if osp.exists(root) and not force:
        raise FileExistsError(f'{root} already exists; pass --force to replace it')
    partial = f'{root.rstrip("/")}.partial-{os.getpid()}'
    shutil.rmtree(partial, ignore_errors=True)
    try:
        folders = {k: osp.join(partial, *k.split('/')) for k in
                   ('EmoLabel', 'Image/original', 'Annotation/boundingbox',
                    'Annotation/manual')}
        for folder in folders.values():
            os.makedirs(folder)
        labels = []
        for split, count, digits in (('train', cfg.num_train, 5), ('test', cfg.num_test, 4)):
            for index in range(count):
                img, face = _image(cfg, split, index)
                stem = f'{split}_{index + 1:0{digits}d}'
                if not cv2.imwrite(osp.join(folders['Image/original'], stem + '.jpg'),
                                   img[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 95]):
                    raise OSError(f'could not write {stem}.jpg under {partial}')
                x, y, w, h = face.bbox
                with open(osp.join(folders['Annotation/boundingbox'],
                                   f'{stem}_boundingbox.txt'), 'w') as f:
                    f.write(f'{x:.2f} {y:.2f} {x + w:.2f} {y + h:.2f}\n')
                with open(osp.join(folders['Annotation/manual'], f'{stem}_manu_attri.txt'),
                          'w') as f:
                    f.writelines(f'{px:.2f}\t{py:.2f}\n' for px, py, _ in face.keypoints)
                    f.write('0\n0\n2\n')  # gender, race, age group, as RAF-DB's files end
                labels.append(f'{stem}.jpg {face.label + 1}')
        with open(osp.join(partial, LABEL_FILE), 'w') as f:
            f.write('\n'.join(labels) + '\n')
        if osp.exists(root):
            shutil.rmtree(root)
        os.replace(partial, root)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return root
