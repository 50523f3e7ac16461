# The face-detection data every mmfer recipe trains on, written once: a COCO file per split in
# the layout of mmfer's converters (a box per face, the expression as its category, 5 landmarks
# as keypoints), DEIM's pipeline (a square resize, no keep-ratio; Mosaic + affine, photometric
# distortion, zoom-out and IoU crop in a MultiImageMixDataset, all off until DenseO2OHook turns
# them on: a recipe without that hook trains on flipped and resized images only), checkpoints
# chosen on `val`, `test` evaluated once by tools/test.py. Its data is RAF-DB basic converted by
# tools/dataset_converters/rafdb2coco.py (docs/rafdb.md); synth.py and rafdb_320.py change only
# the data, the scale and the batch. The evaluators read the ground truth of the dataset they
# score (ExpressionCocoMetric), so `--cfg-options data_root=DIR` moves training and evaluation
# together. The pipelines are functions of the scale (mmfer/datasets/transforms/presets.py): a
# child that changes img_scale calls them again.
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import (  # noqa: E402
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
)

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
img_prefix = 'Image/original/'
img_scale = (640, 640)
batch_size = 8
backend_args = None

train_pipeline = deim_train_pipeline(img_scale)
test_pipeline = deim_test_pipeline(img_scale, backend_args)

train_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiImageMixDataset',
        skip_type_keys=deim_augmentations(train_pipeline),
        pipeline=train_pipeline,
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            ann_file='annotations/rafdb_train.json',
            data_prefix=dict(img=img_prefix),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=deim_load_pipeline(backend_args),
            backend_args=backend_args)))
val_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/rafdb_val.json',
        data_prefix=dict(img=img_prefix),
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args))
test_dataloader = dict(val_dataloader, dataset=dict(val_dataloader['dataset'],
                                                    ann_file='annotations/rafdb_test.json'))

# COCO's AP50 (101 recall points, 100 detections an image) and VOC's (every detection, all
# points), the FER-YOLO papers' rule: docs/rafdb.md says which to compare with which figure
val_evaluator = [dict(type='ExpressionCocoMetric', backend_args=backend_args),
                 dict(type='ExpressionVOCMetric', backend_args=backend_args),
                 dict(type='ExpressionAccuracyMetric')]
test_evaluator = val_evaluator
