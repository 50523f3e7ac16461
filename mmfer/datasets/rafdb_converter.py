"""Converting RAF-DB (basic) as shipped into mmfer's COCO files.

What each kind of bad input does (tested in tests/test_datasets/test_rafdb_converter.py):

==========================================  ================================================
input                                       outcome
==========================================  ================================================
missing root, folder or label list          ``RAFDBFormatError`` naming the path
label list line not ``<name> <1..7>``       ``RAFDBFormatError`` naming file and line
non-UTF-8 line in any annotation file       ``RAFDBFormatError`` naming file and line
duplicate image name in the label list      ``RAFDBFormatError`` naming both lines
missing, unreadable or truncated image      image skipped, counted and listed
missing or malformed box file               image skipped, counted and listed
box partly outside the image                clipped to the image, counted as fixed
box outside the image or of zero area       image skipped, counted as rejected
missing or malformed landmark file          image kept without those landmarks, counted
more than ``max_skip_fraction`` skipped     ``RAFDBFormatError``: most likely a wrong root
==========================================  ================================================
"""
import os.path as osp
import random
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

from PIL import Image

from mmfer.utils.io import dump_json_atomic

from .expressions import EXPRESSION_CLASSES, NUM_LANDMARKS, coco_categories

NUM_AUTO_LANDMARKS = 37
LABEL_FILE = osp.join('EmoLabel', 'list_patition_label.txt')
REQUIRED_DIRS = (osp.join('Image', 'original'), osp.join('Annotation', 'boundingbox'))
SPLITS = ('train', 'test')  # RAF-DB's own
# what is written: RAF-DB's test split, its train split whole (trainval) and cut in two
# (train, val: model selection happens on val, never on test)
OUTPUT_SPLITS = ('train', 'val', 'trainval', 'test')
VAL_FRACTION = 0.1
VAL_SEED = 0
BOX_FORMATS = ('auto', 'xyxy', 'xywh')
BOX_TOLERANCE = 1.0  # pixels a box may exceed the image by and still count as fitting


class DatasetFormatError(ValueError):
    """A dataset's folder or files do not have the layout its converter documents."""


class RAFDBFormatError(DatasetFormatError):
    """The RAF-DB folder does not have the expected content."""


def find_basic_root(root: str) -> str:
    """The folder holding ``EmoLabel/``: ``root`` itself or ``root/basic``."""
    for candidate in (root, osp.join(root, 'basic')):
        if osp.isfile(osp.join(candidate, LABEL_FILE)):
            return candidate
    if not osp.isdir(root):
        raise RAFDBFormatError(f'RAF-DB root {root} does not exist')
    raise RAFDBFormatError(f'no {LABEL_FILE} under {root} or {osp.join(root, "basic")}: '
                           'is this the RAF-DB "basic" folder?')


def images_folder(root: str) -> str:
    """RAF-DB's ``Image/original`` folder under ``root`` (with or without ``basic/``)."""
    return osp.abspath(osp.join(find_basic_root(root), 'Image', 'original'))


def read_lines(path: str) -> List[str]:
    """The non-empty lines of a text file, each decoded as UTF-8 and stripped."""
    with open(path, 'rb') as f:
        raw = f.read().splitlines()
    lines = []
    for number, line in enumerate(raw, 1):
        try:
            lines.append(line.decode('utf-8').strip())
        except UnicodeDecodeError as e:
            raise RAFDBFormatError(f'{path}:{number}: not UTF-8 text ({e.reason})') from None
    return lines


def read_label_list(path: str) -> List[Tuple[str, int]]:
    """``(image name, label 1..7)`` per line of ``list_patition_label.txt``."""
    entries, first_line = [], {}
    for number, line in enumerate(read_lines(path), 1):
        if not line:
            continue
        fields = line.split()
        if len(fields) != 2 or not fields[1].lstrip('-').isdigit():
            raise RAFDBFormatError(f'{path}:{number}: expected "<image name> <label 1..7>", '
                                   f'got {line!r}')
        name, label = fields[0], int(fields[1])
        if not 1 <= label <= len(EXPRESSION_CLASSES):
            raise RAFDBFormatError(f'{path}:{number}: label {label} of {name} is outside '
                                   f'1..{len(EXPRESSION_CLASSES)}')
        if name in first_line:
            raise RAFDBFormatError(f'{path}:{number}: duplicate image name {name} (first on '
                                   f'line {first_line[name]})')
        first_line[name] = number
        entries.append((name, label))
    if not entries:
        raise RAFDBFormatError(f'{path}: no labelled images')
    return entries


def split_of(name: str) -> str:
    for split in SPLITS:
        if name.startswith(split + '_'):
            return split
    raise RAFDBFormatError(f'{name}: RAF-DB image names start with train_ or test_')


def read_numbers(path: str, rows: int, cols: int) -> Optional[List[List[float]]]:
    """The first ``rows`` lines of ``path`` as ``cols`` floats each; None if missing or malformed.

    Raises:
        RAFDBFormatError: a line is not UTF-8.
    """
    if not osp.isfile(path):
        return None
    lines = read_lines(path)
    if len(lines) < rows:
        return None
    try:
        values = [[float(v) for v in line.split()[:cols]] for line in lines[:rows]]
    except ValueError:
        return None
    return values if all(len(v) == cols for v in values) else None


def resolve_box(values, width: int, height: int, box_format: str = 'auto'):
    """Decide how to read a RAF-DB box and return it as x1, y1, x2, y2 inside the image.

    The files do not say whether they hold x1 y1 x2 y2 or x y w h. With ``'auto'`` the first
    form that fits inside the image wins, x1 y1 x2 y2 first, as public loaders read it.

    Returns:
        tuple: ``(box or None, how)`` with ``how`` one of ``'xyxy'``, ``'xywh'``, ``'clipped'``
        (neither form fits; the preferred one, clipped to the image, keeps a positive area) or
        ``'rejected'``.
    """
    a, b, c, d = values
    forms = dict(xyxy=(a, b, c, d), xywh=(a, b, a + c, b + d))
    order = ['xyxy', 'xywh'] if box_format == 'auto' else [box_format]

    def clip(box):
        x1, y1, x2, y2 = box
        return (min(max(x1, 0.0), width), min(max(y1, 0.0), height),
                min(max(x2, 0.0), width), min(max(y2, 0.0), height))

    for name in order:
        x1, y1, x2, y2 = forms[name]
        if (x2 > x1 and y2 > y1 and x1 >= -BOX_TOLERANCE and y1 >= -BOX_TOLERANCE
                and x2 <= width + BOX_TOLERANCE and y2 <= height + BOX_TOLERANCE):
            return clip(forms[name]), name
    x1, y1, x2, y2 = clip(forms[order[0]])
    if x2 - x1 >= 1 and y2 - y1 >= 1:
        return (x1, y1, x2, y2), 'clipped'
    return None, 'rejected'


def image_size(path: str) -> Optional[Tuple[int, int]]:
    """(width, height) of a fully decodable image; None if missing, unreadable or truncated."""
    try:
        with Image.open(path) as img:
            img.load()
            return img.size
    except (OSError, SyntaxError, ValueError):
        return None


class ConversionSummary:
    """Counts of what a conversion kept (per split and class), fixed and skipped, with the
    names it skipped; for RAF-DB's splits by default, any others given."""

    def __init__(self, splits=OUTPUT_SPLITS, classes=EXPRESSION_CLASSES):
        self.splits, self.classes = tuple(splits), tuple(classes)
        self.per_class = {split: Counter() for split in self.splits}
        self.boxes = Counter()
        self.skipped = defaultdict(list)
        self.without_landmarks = defaultdict(list)

    def format(self, max_names: int = 10) -> str:
        lines = []
        for split in self.splits:
            counts = self.per_class[split]
            lines.append(f'{split}: {sum(counts.values())} faces')
            lines += [f'  {name:<10} {counts[name]}' for name in self.classes]
        lines.append('boxes: ' + ', '.join(f'{k} {v}' for k, v in sorted(self.boxes.items())))
        for title, group in (('skipped', self.skipped),
                             ('kept without landmarks', self.without_landmarks)):
            for reason, names in sorted(group.items()):
                more = f' ... (+{len(names) - max_names})' if len(names) > max_names else ''
                lines.append(f'{title} ({reason}): {len(names)}: '
                             f'{", ".join(names[:max_names])}{more}')
        return '\n'.join(lines)


def carve_validation(coco: Dict, fraction: float = VAL_FRACTION,
                     seed: int = VAL_SEED) -> Tuple[Dict, Dict]:
    """Split a COCO dict of one face per image into (train, val), stratified by class.

    Per class, the images sorted by file name are shuffled with ``random.Random(seed)`` and
    ``round(fraction * n)`` of them go to val, at least one of a class of two or more (a
    small set, such as the RAF-DB stand-in of the tests, keeps a validation split): the same
    split on every machine.
    """
    label_of = {a['image_id']: a['category_id'] for a in coco['annotations']}
    by_class = defaultdict(list)
    for image in sorted(coco['images'], key=lambda im: im['file_name']):
        by_class[label_of[image['id']]].append(image['id'])
    rng = random.Random(seed)
    val_ids = set()
    for label in sorted(by_class):
        ids = by_class[label]
        rng.shuffle(ids)
        count = round(fraction * len(ids))
        val_ids.update(ids[:max(count, 1) if len(ids) > 1 else count])

    def subset(keep):
        return dict(images=[im for im in coco['images'] if keep(im['id'])],
                    annotations=[a for a in coco['annotations'] if keep(a['image_id'])])

    return subset(lambda i: i not in val_ids), subset(lambda i: i in val_ids)


def image_dir_info(image_dir: str, ann_file: str) -> Dict[str, str]:
    """What an annotation file records of its images' folder (read by ``RAFDBDataset``).

    ``image_dir`` is relative to the annotation file's folder (the pair can move together),
    ``image_dir_absolute`` the same folder as an absolute path (the annotation file can move
    alone).
    """
    absolute = osp.abspath(image_dir)
    return dict(image_dir=osp.relpath(absolute, osp.dirname(osp.abspath(ann_file))),
                image_dir_absolute=absolute)


def convert_rafdb(root: str, out_dir: str, box_format: str = 'auto', force: bool = False,
                  max_skip_fraction: float = 0.01,
                  val_fraction: float = VAL_FRACTION) -> ConversionSummary:
    """Convert RAF-DB basic to ``out_dir/annotations/rafdb_{train,val,trainval,test}.json``.

    ``trainval`` is RAF-DB's training split, ``test`` its test split; ``train`` and ``val``
    cut ``trainval`` in two (``val_fraction`` of each class to val, deterministically; see
    :func:`carve_validation`): checkpoints are chosen on val, and test is evaluated once.

    Args:
        root (str): the RAF-DB folder, with or without its ``basic/`` level.
        out_dir (str): where ``annotations/`` is written. Image names stay relative to
            ``Image/original`` of the RAF-DB folder, which each file records in its ``info``
            (:func:`image_dir_info`): ``RAFDBDataset`` finds the images from there when its
            ``data_root`` has no image folder, so ``data_root=out_dir`` trains as it is.
        box_format (str): ``'auto'``, ``'xyxy'`` or ``'xywh'``; see :func:`resolve_box`.
        force (bool): overwrite existing output files. Defaults to False.
        max_skip_fraction (float): fail if more than this fraction of the images is skipped.
        val_fraction (float): the share of each class of RAF-DB's training split that goes
            to val. Defaults to 0.1.

    Returns:
        ConversionSummary: what was converted, fixed and skipped.
    """
    if box_format not in BOX_FORMATS:
        raise ValueError(f'box_format must be one of {BOX_FORMATS}, got {box_format!r}')
    basic = find_basic_root(root)
    for folder in REQUIRED_DIRS:
        if not osp.isdir(osp.join(basic, folder)):
            raise RAFDBFormatError(f'missing folder {osp.join(basic, folder)}')
    if not 0 < val_fraction < 1:
        raise ValueError(f'val_fraction must lie in (0, 1), got {val_fraction}')
    outputs = {s: osp.join(out_dir, 'annotations', f'rafdb_{s}.json') for s in OUTPUT_SPLITS}
    existing = [p for p in outputs.values() if osp.exists(p)]
    if existing and not force:
        raise FileExistsError(f'{", ".join(existing)} already exist; pass --force to overwrite')

    entries = read_label_list(osp.join(basic, LABEL_FILE))
    summary = ConversionSummary()
    cocos = {s: dict(images=[], annotations=[]) for s in SPLITS}
    for name, label in entries:
        split = split_of(name)
        stem = osp.splitext(name)[0]
        size = image_size(osp.join(basic, 'Image', 'original', name))
        if size is None:
            summary.skipped['missing, unreadable or truncated image'].append(name)
            continue
        box_values = read_numbers(
            osp.join(basic, 'Annotation', 'boundingbox', f'{stem}_boundingbox.txt'), 1, 4)
        if box_values is None:
            summary.skipped['missing or malformed box file'].append(name)
            continue
        box, how = resolve_box(box_values[0], *size, box_format=box_format)
        summary.boxes[how] += 1
        if box is None:
            summary.skipped['box outside the image or of zero area'].append(name)
            continue

        image_id = len(cocos[split]['images']) + 1
        x1, y1, x2, y2 = box
        ann = dict(id=image_id, image_id=image_id, category_id=label,
                   bbox=[x1, y1, x2 - x1, y2 - y1], area=(x2 - x1) * (y2 - y1), iscrowd=0,
                   keypoints=[], num_keypoints=0)
        manual = read_numbers(osp.join(basic, 'Annotation', 'manual', f'{stem}_manu_attri.txt'),
                              NUM_LANDMARKS, 2)
        if manual is None:
            summary.without_landmarks['manual 5'].append(name)
        else:
            ann['keypoints'] = [v for x, y in manual for v in (x, y, 2)]
            ann['num_keypoints'] = NUM_LANDMARKS
        auto = read_numbers(osp.join(basic, 'Annotation', 'auto', f'{stem}_auto_attri.txt'),
                            NUM_AUTO_LANDMARKS, 2)
        if auto is None:
            summary.without_landmarks['automatic 37'].append(name)
        else:
            ann['landmarks_auto'] = [v for point in auto for v in point]
        cocos[split]['images'].append(dict(id=image_id, file_name=name, width=size[0],
                                           height=size[1]))
        cocos[split]['annotations'].append(ann)

    skipped = sum(len(v) for v in summary.skipped.values())
    if skipped > max_skip_fraction * len(entries):
        raise RAFDBFormatError(
            f'{skipped} of {len(entries)} images would be skipped (more than '
            f'{max_skip_fraction:.1%}); is {basic} a complete RAF-DB basic folder?\n'
            + summary.format())
    cocos['trainval'] = cocos.pop('train')
    cocos['train'], cocos['val'] = carve_validation(cocos['trainval'], val_fraction)
    descriptions = dict(train=f'RAF-DB basic, train without val ({1 - val_fraction:.0%})',
                        val=f'RAF-DB basic, val ({val_fraction:.0%} of train per class, '
                            f'seed {VAL_SEED})',
                        trainval='RAF-DB basic, train', test='RAF-DB basic, test')
    for split in OUTPUT_SPLITS:
        for ann in cocos[split]['annotations']:
            summary.per_class[split][EXPRESSION_CLASSES[ann['category_id'] - 1]] += 1
        info = dict(description=descriptions[split], source=osp.abspath(basic),
                    **image_dir_info(images_folder(basic), outputs[split]))
        coco = dict(info=info, categories=coco_categories(), **cocos[split])
        dump_json_atomic(coco, outputs[split], force=force)
    return summary
