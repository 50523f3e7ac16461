"""Converting ExpW (Expression in-the-Wild) into mmfer's COCO files, in RAF-DB's class order,
for evaluating RAF-DB-trained models on it.

The layout ExpW ships::

    ROOT/label/label.lst     one face per line
    ROOT/image/origin/       the images (several faces each, often)

Each line of ``label.lst``: ``image_name face_id face_box_top face_box_left face_box_right
face_box_bottom face_box_confidence expression_label``, the expression 0 angry, 1 disgust,
2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral (RAF-DB's 7, in another order). ExpW has no
landmarks and no official split: everything goes to ``expw.json``; ``min_confidence`` leaves
out faces its detector was unsure of.

==========================================  ================================================
input                                       outcome
==========================================  ================================================
missing root, image folder or label list    ``DatasetFormatError`` naming the path
a line not of 8 fields, or not numbers      ``DatasetFormatError`` naming file and line
a label outside 0..6                        ``DatasetFormatError`` naming file and line
a missing, unreadable or truncated image    its faces skipped, counted and listed
a box partly outside the image              clipped, counted as fixed
a box outside the image or of zero area     face skipped, counted as rejected
more than ``max_skip_fraction`` skipped     ``DatasetFormatError``: most likely a wrong root
==========================================  ================================================
"""
import os.path as osp
from collections import defaultdict

from mmfer.utils.io import dump_json_atomic

from .expressions import EXPRESSION_CLASSES, coco_categories
from .rafdb_converter import (
    ConversionSummary,
    DatasetFormatError,
    image_dir_info,
    image_size,
    read_lines,
    resolve_box,
)

LABELS = osp.join('label', 'label.lst')
IMAGES = osp.join('image', 'origin')
EXPW_CLASSES = ('Anger', 'Disgust', 'Fear', 'Happiness', 'Sadness', 'Surprise', 'Neutral')


def read_label_list(path: str, min_confidence: float = 0.0):
    """``{image name: [(box x1 y1 x2 y2, class name), ...]}`` of the faces at or above
    ``min_confidence``, and how many were below it."""
    faces, low = defaultdict(list), 0
    for number, line in enumerate(read_lines(path), 1):
        if not line:
            continue
        fields = line.split()
        try:
            if len(fields) != 8:
                raise ValueError
            top, left, right, bottom, confidence = (float(v) for v in fields[2:7])
            label = int(fields[7])
        except ValueError:
            raise DatasetFormatError(
                f'{path}:{number}: expected "image face_id top left right bottom confidence '
                f'label", got {line!r}') from None
        if not 0 <= label < len(EXPW_CLASSES):
            raise DatasetFormatError(f'{path}:{number}: label {label} is outside 0..6')
        if confidence < min_confidence:
            low += 1
            continue
        faces[fields[0]].append(((left, top, right, bottom), EXPW_CLASSES[label]))
    if not faces and not low:
        raise DatasetFormatError(f'{path}: no labelled face')
    return faces, low


def convert_expw(root: str, out_dir: str, min_confidence: float = 0.0, force: bool = False,
                 max_skip_fraction: float = 0.01) -> ConversionSummary:
    """Convert ExpW to ``out_dir/annotations/expw.json`` (file names relative to
    ``ROOT/image/origin``).

    Returns:
        ConversionSummary: what was converted, fixed and skipped.
    """
    for path in (root, osp.join(root, IMAGES)):
        if not osp.isdir(path):
            raise DatasetFormatError(f'missing folder {path}')
    if not osp.isfile(osp.join(root, LABELS)):
        raise DatasetFormatError(f'missing label list {osp.join(root, LABELS)}')
    out = osp.join(out_dir, 'annotations', 'expw.json')
    if osp.exists(out) and not force:
        raise FileExistsError(f'{out} already exists; pass --force to overwrite')
    faces, low = read_label_list(osp.join(root, LABELS), min_confidence)
    summary = ConversionSummary(('all',))
    if low:
        summary.skipped[f'confidence below {min_confidence}'] = [f'{low} faces']
    images, annotations = [], []
    total = sum(len(v) for v in faces.values())
    for name in sorted(faces):
        size = image_size(osp.join(root, IMAGES, name))
        if size is None:
            summary.skipped['missing, unreadable or truncated image'] += [name] * len(faces[name])
            continue
        kept = []
        for box, expression in faces[name]:
            resolved, how = resolve_box(box, *size, box_format='xyxy')
            summary.boxes[how] += 1
            if resolved is None:
                summary.skipped['box outside the image or of zero area'].append(name)
            else:
                kept.append((resolved, expression))
        if not kept:
            continue
        image_id = len(images) + 1
        images.append(dict(id=image_id, file_name=name, width=size[0], height=size[1]))
        for (x0, y0, x1, y1), expression in kept:
            annotations.append(dict(
                id=len(annotations) + 1, image_id=image_id,
                category_id=EXPRESSION_CLASSES.index(expression) + 1,
                bbox=[x0, y0, x1 - x0, y1 - y0], area=(x1 - x0) * (y1 - y0), iscrowd=0,
                keypoints=[], num_keypoints=0))
            summary.per_class['all'][expression] += 1
    bad = sum(len(v) for k, v in summary.skipped.items() if not k.startswith('confidence'))
    if bad > max_skip_fraction * max(total, 1):
        raise DatasetFormatError(f'{bad} of {total} faces would be skipped (more than '
                                 f'{max_skip_fraction:.1%}); is {root} ExpW?\n'
                                 + summary.format())
    summary.without_landmarks['no landmarks in ExpW'] = [f'{len(annotations)} faces']
    coco = dict(info=dict(description='ExpW', source=osp.abspath(root),
                          **image_dir_info(osp.join(root, IMAGES), out)),
                categories=coco_categories(), images=images, annotations=annotations)
    dump_json_atomic(coco, out, force=force)
    return summary
