# RAF-DB basic for DEIM-style training at 640 x 640 (DEIM's input; see data/README.md for the
# conversion): the same pipeline as synth_fer_deim.py (square resize, Dense O2O's Mosaic +
# RandomAffine in a MultiImageMixDataset, off until DenseO2OHook turns them on).
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import (  # noqa: E402
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
)

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
rafdb_images = 'Image/original/'
img_scale = (640, 640)
backend_args = None

load_pipeline = deim_load_pipeline(backend_args)
train_pipeline = deim_train_pipeline(img_scale)
test_pipeline = deim_test_pipeline(img_scale, backend_args)

train_dataloader = dict(
    batch_size=8,
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
            data_prefix=dict(img=rafdb_images),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=load_pipeline,
            backend_args=backend_args)))
val_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/rafdb_val.json',
        data_prefix=dict(img=rafdb_images),
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args))
# checkpoints are chosen on val (carved from RAF-DB's training split by the converter); the
# test split is evaluated once, by tools/test.py on the chosen checkpoint
test_dataloader = dict(val_dataloader, dataset=dict(val_dataloader['dataset'],
                                                    ann_file='annotations/rafdb_test.json'))

val_evaluator = [
    dict(type='ExpressionCocoMetric', ann_file=data_root + 'annotations/rafdb_val.json',
         backend_args=backend_args),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = [
    dict(type='ExpressionCocoMetric', ann_file=data_root + 'annotations/rafdb_test.json',
         backend_args=backend_args),
    dict(type='ExpressionAccuracyMetric'),
]
