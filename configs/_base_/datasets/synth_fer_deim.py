# The synthetic expression-face set for DEIM-style training: images resized to a square (no
# keep-ratio, as DEIM), and DEIM's augmentations (Mosaic with its affine, photometric
# distortion, zoom-out, IoU crop) in a MultiImageMixDataset pipeline, where DenseO2OHook switches
# them by stage (all off at the start). The pipelines are written once, in
# mmfer/datasets/transforms/presets.py, with the image scale as their parameter: a child that
# changes img_scale calls the same functions with its own (see rafdb_deim_320.py).
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import (  # noqa: E402
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
)

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer/'
synthetic = dict(seed=0, img_size=160, num_train=700, num_test=210)
img_scale = (160, 160)
backend_args = None

load_pipeline = deim_load_pipeline(backend_args)
train_pipeline = deim_train_pipeline(img_scale)
test_pipeline = deim_test_pipeline(img_scale, backend_args)

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiImageMixDataset',
        skip_type_keys=deim_augmentations(train_pipeline),
        pipeline=train_pipeline,
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            synthetic=synthetic,
            ann_file='annotations/synth_train.json',
            data_prefix=dict(img='images/train/'),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=load_pipeline,
            backend_args=backend_args)))
val_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        synthetic=synthetic,
        ann_file='annotations/synth_test.json',
        data_prefix=dict(img='images/test/'),
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args))
test_dataloader = val_dataloader

val_evaluator = [
    dict(type='ExpressionCocoMetric', ann_file=data_root + 'annotations/synth_test.json',
         backend_args=backend_args),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = val_evaluator
