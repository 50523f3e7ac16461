"""The rows of the paper's Table 1 (RAF-DB, AP50 %), in its order, with its figures, and the
config that reruns each row here, or why this installation cannot.

The paper's own figures come from other code bases: its baselines from the FER-YOLO papers
(YOLOX-style PyTorch repositories, VOC XML, scored with the VOC devkit's all-point AP50), its
DEIM and Natten-DEIM rows from DEIM's code (COCO AP50). Compare each with the same kind of
figure here: ``voc/`` for the first, ``coco/`` for the second (``compare_with``).
"""
from dataclasses import dataclass, field
from typing import Dict, List, Optional

# the paper's column order (RAF-DB's label order is Surprise, Fear, Disgust, Happiness, Sadness,
# Anger, Neutral): its names and mmfer's class names
PAPER_COLUMNS = (('Anger', 'Anger'), ('Disgust', 'Disgust'), ('Fear', 'Fear'),
                 ('Happy', 'Happiness'), ('Neutral', 'Neutral'), ('Sad', 'Sadness'),
                 ('Surprise', 'Surprise'))
MMYOLO = ('mmyolo (its YOLOv5 / v7 / v8 and PP-YOLOE ports) pins mmcv < 2.1.0, which cannot be '
          'installed beside mmdet 3.3 here')
NO_PORT = 'no MMDetection port and no public code to port from'


@dataclass(frozen=True)
class Table1Row:
    """One row.

    Attributes:
        key: its name in ``ROWS=...`` (tools/reproduce_table1.sh).
        label: the paper's name for it (or this table's, for rows the paper has not).
        year: as the paper gives it.
        paper: the paper's AP50 per class (mmfer's class names) and ``mAP50``, in %; None for
            rows the paper did not run.
        configs: ``'rafdb'`` / ``'rafdb-320'`` / ``'synth'`` -> config path under configs/;
            ``{size}`` and ``{schedule}`` stand for the size (n, s, m) and the DEIM recipe
            (72e, sgd-100e) where the row has them.
        unavailable: why this installation cannot run the row ('' when it can).
        compare_with: the metric prefix of the paper's figure: ``'voc'`` or ``'coco'``.
    """

    key: str
    label: str
    year: int
    paper: Optional[Dict[str, float]] = None
    configs: Dict[str, str] = field(default_factory=dict)
    unavailable: str = ''
    compare_with: str = 'voc'

    def config(self, data: str, size: str = 'n', schedule: str = '72e') -> Optional[str]:
        """The config of this row for ``data``, or None."""
        path = self.configs.get(data)
        return path.format(size=size, schedule=schedule) if path else None


def _paper(*values: float) -> Dict[str, float]:
    """The paper's figures, given in its column order, then mAP50."""
    names = [name for _, name in PAPER_COLUMNS] + ['mAP50']
    return dict(zip(names, values))


def _mmdet(folder: str, stem: str, synth: str, rafdb_320: bool = True) -> Dict[str, str]:
    configs = {'rafdb': f'{folder}/{stem}_72e_rafdb.py', 'synth': f'{folder}/{synth}_3e_synth.py'}
    configs['rafdb-320'] = f'{folder}/{stem}_72e_rafdb-320.py' if rafdb_320 else configs['rafdb']
    return configs


ROWS: List[Table1Row] = [
    Table1Row('ssd', 'SSD', 2015, _paper(81.23, 62.91, 57.01, 95.72, 80.34, 78.32, 89.71, 77.89),
              _mmdet('ssd', 'ssd300', 'ssdlite_mobilenetv2', rafdb_320=False)),
    Table1Row('retinanet', 'RetinaNet', 2017,
              _paper(82.07, 53.74, 53.56, 94.63, 80.13, 77.50, 87.80, 75.63),
              _mmdet('retinanet', 'retinanet_r50_fpn', 'retinanet_r50_fpn')),
    Table1Row('yolov3', 'YOLOv3', 2018,
              _paper(58.01, 28.56, 37.02, 88.09, 67.89, 63.78, 72.59, 59.42),
              _mmdet('yolov3', 'yolov3_d53', 'yolov3_d53')),
    Table1Row('centernet', 'CenterNet', 2019,
              _paper(53.26, 17.41, 30.62, 91.32, 75.36, 66.83, 84.63, 59.92),
              _mmdet('centernet', 'centernet_r18', 'centernet_r18')),
    Table1Row('efficientnet', 'EfficientNet', 2019,
              _paper(68.72, 52.25, 45.47, 93.75, 78.67, 76.96, 84.31, 71.45),
              _mmdet('efficientnet', 'retinanet_effb3_fpn', 'retinanet_effb3_fpn')),
    Table1Row('yolov4', 'YOLOv4', 2020,
              _paper(39.25, 0.00, 10.36, 87.61, 52.77, 45.72, 59.91, 42.23),
              unavailable='no port in MMDetection 3.3 or mmyolo'),
    Table1Row('yolov5', 'YOLOv5', 2020,
              _paper(45.75, 8.86, 0.00, 91.77, 64.73, 65.60, 74.36, 50.15), unavailable=MMYOLO),
    Table1Row('yolox', 'YOLOX', 2021,
              _paper(78.38, 62.40, 57.85, 96.82, 80.45, 83.35, 89.56, 78.40),
              _mmdet('yolox', 'yolox_s', 'yolox_s')),
    Table1Row('yolov7', 'YOLOv7', 2022,
              _paper(62.20, 55.80, 44.72, 92.01, 73.20, 74.72, 74.57, 68.17), unavailable=MMYOLO),
    Table1Row('yolov8', 'YOLOv8', 2023,
              _paper(74.50, 50.40, 50.85, 93.33, 76.39, 76.30, 82.89, 72.09), unavailable=MMYOLO),
    Table1Row('fer-yolo-mamba', 'FER-YOLO-Mamba', 2024,
              _paper(79.55, 64.32, 62.00, 97.43, 83.23, 84.22, 91.44, 80.31),
              unavailable=NO_PORT),
    Table1Row('fer-yolo-ncamamba', 'FER-YOLO-NCAMamba', 2024,
              _paper(85.82, 63.24, 67.32, 95.31, 90.92, 88.99, 91.46, 83.30),
              unavailable=NO_PORT),
    Table1Row('deim', 'DEIM (Baseline)', 2025,
              _paper(89.80, 67.20, 66.30, 91.60, 90.50, 92.30, 91.10, 84.10),
              {'rafdb': 'deim/deim_hgnetv2-{size}_{schedule}_rafdb.py',
               'rafdb-320': 'deim/deim_hgnetv2-{size}_{schedule}_rafdb-320.py',
               'synth': 'deim/deim_hgnetv2-n_8e_synth.py'}, compare_with='coco'),
    Table1Row('natten-deim', 'Natten-DEIM', 2025,
              _paper(94.28, 72.73, 66.59, 95.72, 90.84, 88.16, 89.62, 85.28),
              {'rafdb': 'natten_deim/natten-deim_hgnetv2-{size}_{schedule}_rafdb.py',
               'rafdb-320': 'natten_deim/natten-deim_hgnetv2-{size}_{schedule}_rafdb-320.py',
               'synth': 'natten_deim/natten-deim_hgnetv2-n-lite_8e_synth.py'},
              compare_with='coco'),
    # rows the paper did not run: two modern detectors, and the neck in two stock detectors
    Table1Row('rtmdet', 'RTMDet-S', 2022, configs=_mmdet('rtmdet', 'rtmdet_s', 'rtmdet_s')),
    Table1Row('dino', 'DINO R-50', 2022,
              configs=_mmdet('dino', 'dino-4scale_r50', 'dino-4scale_r50')),
    Table1Row('retinanet-dfpm-natten', 'RetinaNet + DFPM-NA neck', 2025,
              configs=_mmdet('plugins', 'retinanet_r50-dfpm-natten', 'retinanet_r50-dfpm-natten')),
    Table1Row('yolox-dfpm-natten', 'YOLOX + DFPM-NA neck', 2025,
              configs=_mmdet('plugins', 'yolox_s-dfpm-natten', 'yolox_s-dfpm-natten')),
]
ROW_KEYS = [row.key for row in ROWS]
DEFAULT_ROWS = ('deim', 'natten-deim')


def select_rows(names: str) -> List[Table1Row]:
    """Rows by ``ROWS``: ``all``, or names separated by commas or spaces, in the table's order.

    Raises:
        ValueError: an unknown name (the known ones are listed).
    """
    wanted = names.replace(',', ' ').split() or list(DEFAULT_ROWS)
    if wanted == ['all']:
        return list(ROWS)
    unknown = [w for w in wanted if w not in ROW_KEYS]
    if unknown:
        raise ValueError(f'unknown row(s) {", ".join(unknown)}; the rows are all or '
                         f'{", ".join(ROW_KEYS)}')
    return [row for row in ROWS if row.key in wanted]


def row_by_key(key: str) -> Optional[Table1Row]:
    return next((row for row in ROWS if row.key == key), None)
