"""Converting AffectNet (its manually annotated CSVs) into mmfer's COCO files, in RAF-DB's
class order, for evaluating RAF-DB-trained models on it.

The layout AffectNet ships::

    ROOT/Manually_Annotated_file_lists/training.csv, validation.csv
    ROOT/Manually_Annotated_Images/<subDirectory_filePath>

Each CSV row: ``subDirectory_filePath, face_x, face_y, face_width, face_height,
facial_landmarks, expression, valence, arousal``; the landmarks are 68 points ``x;y;x;y;...``
(iBUG's order), the expression 0 Neutral, 1 Happy, 2 Sad, 3 Surprise, 4 Fear, 5 Disgust,
6 Anger, 7 Contempt, 8 None, 9 Uncertain, 10 No-Face. Classes 8 to 10 are left out (no
expression); Contempt, which RAF-DB does not have, is left out unless ``keep_contempt`` (then
it is class 8, after RAF-DB's 7). The 5 landmarks are the 68's eye centres (36-41, 42-47), nose
tip (30) and mouth corners (48, 54).

==========================================  ================================================
input                                       outcome
==========================================  ================================================
missing root, image folder or CSV           ``DatasetFormatError`` naming the path
a CSV without the expected columns          ``DatasetFormatError`` naming the file
a row with a non-numeric box or label       ``DatasetFormatError`` naming file and line
a missing, unreadable or truncated image    row skipped, counted and listed
a box partly outside the image              clipped, counted as fixed
a box outside the image or of zero area     row skipped, counted as rejected
malformed landmarks                         face kept without landmarks, counted
more than ``max_skip_fraction`` skipped     ``DatasetFormatError``: most likely a wrong root
==========================================  ================================================
"""
import csv
import os.path as osp
from typing import Dict, Optional

import numpy as np

from mmfer.utils.io import dump_json_atomic

from .expressions import EXPRESSION_CLASSES, NUM_LANDMARKS, coco_categories
from .rafdb_converter import (
    ConversionSummary,
    DatasetFormatError,
    image_dir_info,
    image_size,
    resolve_box,
)

IMAGES = 'Manually_Annotated_Images'
LISTS = 'Manually_Annotated_file_lists'
SPLITS = dict(train='training.csv', val='validation.csv')
COLUMNS = ('subDirectory_filePath', 'face_x', 'face_y', 'face_width', 'face_height',
           'facial_landmarks', 'expression')
# AffectNet's expression code -> RAF-DB's class name (Contempt only with keep_contempt)
AFFECTNET_TO_RAFDB = {0: 'Neutral', 1: 'Happiness', 2: 'Sadness', 3: 'Surprise', 4: 'Fear',
                      5: 'Disgust', 6: 'Anger', 7: 'Contempt'}
# the 5 landmarks from iBUG's 68: (indices averaged) per landmark, in mmfer's order
FIVE_FROM_68 = (tuple(range(36, 42)), tuple(range(42, 48)), (30,), (48,), (54,))


def five_landmarks(text: str) -> Optional[np.ndarray]:
    """mmfer's 5 landmarks (5, 2) from AffectNet's 68 ``x;y;...``, or None if malformed."""
    try:
        values = np.array([float(v) for v in text.split(';') if v.strip()], np.float64)
    except ValueError:
        return None
    if values.size != 136:
        return None
    points = values.reshape(68, 2)
    return np.stack([points[list(idx)].mean(0) for idx in FIVE_FROM_68])


def convert_affectnet(root: str, out_dir: str, keep_contempt: bool = False,
                      force: bool = False, max_skip_fraction: float = 0.01) -> ConversionSummary:
    """Convert AffectNet's manually annotated splits to
    ``out_dir/annotations/affectnet_{train,val}.json`` (a split whose CSV is absent is left
    out; at least one must be there). File names stay relative to ``ROOT/IMAGES``.

    Returns:
        ConversionSummary: what was converted, fixed and skipped.
    """
    classes = EXPRESSION_CLASSES + (('Contempt',) if keep_contempt else ())
    for folder in (root, osp.join(root, IMAGES)):
        if not osp.isdir(folder):
            raise DatasetFormatError(f'missing folder {folder}')
    present = {s: osp.join(root, LISTS, f) for s, f in SPLITS.items()
               if osp.isfile(osp.join(root, LISTS, f))}
    if not present:
        raise DatasetFormatError(f'no {" or ".join(SPLITS.values())} in {osp.join(root, LISTS)}')
    outputs = {s: osp.join(out_dir, 'annotations', f'affectnet_{s}.json') for s in present}
    existing = [p for p in outputs.values() if osp.exists(p)]
    if existing and not force:
        raise FileExistsError(f'{", ".join(existing)} already exist; pass --force to overwrite')
    summary = ConversionSummary(tuple(present), classes)
    cocos: Dict[str, dict] = {}
    rows_read = 0
    for split, path in present.items():
        images, annotations = [], []
        with open(path, newline='', encoding='utf-8') as f:
            reader = csv.DictReader(f)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise DatasetFormatError(f'{path}: no column {", ".join(missing)} (AffectNet\'s '
                                         f'CSV has {", ".join(COLUMNS)}, ...)')
            for line, row in enumerate(reader, 2):
                rows_read += 1
                try:
                    code = int(row['expression'])
                    box = [float(row[k]) for k in ('face_x', 'face_y', 'face_width',
                                                   'face_height')]
                except (TypeError, ValueError):
                    raise DatasetFormatError(f'{path}:{line}: expected numbers in face_x, face_y, '
                                             f'face_width, face_height and expression') from None
                name = AFFECTNET_TO_RAFDB.get(code)
                if name not in classes:  # None / Uncertain / No-Face, or Contempt left out
                    summary.skipped[f'expression {code} left out'].append(
                        row['subDirectory_filePath'])
                    continue
                file_name = row['subDirectory_filePath']
                size = image_size(osp.join(root, IMAGES, file_name))
                if size is None:
                    summary.skipped['missing, unreadable or truncated image'].append(file_name)
                    continue
                x, y, w, h = box
                resolved, how = resolve_box((x, y, x + w, y + h), *size, box_format='xyxy')
                summary.boxes[how] += 1
                if resolved is None:
                    summary.skipped['box outside the image or of zero area'].append(file_name)
                    continue
                image_id = len(images) + 1
                x0, y0, x1, y1 = resolved
                ann = dict(id=image_id, image_id=image_id, category_id=classes.index(name) + 1,
                           bbox=[x0, y0, x1 - x0, y1 - y0], area=(x1 - x0) * (y1 - y0),
                           iscrowd=0, keypoints=[], num_keypoints=0)
                points = five_landmarks(row.get('facial_landmarks') or '')
                if points is None:
                    summary.without_landmarks['68 landmarks'].append(file_name)
                else:
                    ann['keypoints'] = [v for px, py in points for v in (px, py, 2)]
                    ann['num_keypoints'] = NUM_LANDMARKS
                images.append(dict(id=image_id, file_name=file_name, width=size[0],
                                   height=size[1]))
                annotations.append(ann)
                summary.per_class[split][name] += 1
        cocos[split] = dict(images=images, annotations=annotations)
    bad = sum(len(v) for k, v in summary.skipped.items() if 'left out' not in k)
    if bad > max_skip_fraction * max(rows_read, 1):
        raise DatasetFormatError(f'{bad} of {rows_read} rows would be skipped (more than '
                                 f'{max_skip_fraction:.1%}); is {root} AffectNet?\n'
                                 + summary.format())
    for split, coco in cocos.items():
        info = dict(description=f'AffectNet, {split} (manually annotated)',
                    source=osp.abspath(root),
                    **image_dir_info(osp.join(root, IMAGES), outputs[split]))
        dump_json_atomic(dict(info=info, categories=coco_categories(classes), **coco),
                         outputs[split], force=force)
    return summary
