# COCO 2017 as DEIM evaluates it: images decoded and resized by Pillow to 640 x 640 (no
# keep-ratio, bilinear: torchvision's Resize on a PIL image, DEIM's test transform), [0, 1] RGB
# (the model's data preprocessor). Training uses the Dense O2O pipeline of the face datasets.
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import (  # noqa: E402
    deim_augmentations,
    deim_load_pipeline,
    deim_test_pipeline,
    deim_train_pipeline,
)

dataset_type = 'CocoDataset'
data_root = 'data/coco/'
img_scale = (640, 640)
backend_args = None

load_pipeline = deim_load_pipeline(backend_args, pillow=True)
train_pipeline = deim_train_pipeline(img_scale)
test_pipeline = deim_test_pipeline(img_scale, backend_args, pillow=True)

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
            ann_file='annotations/instances_train2017.json',
            data_prefix=dict(img='train2017/'),
            filter_cfg=dict(filter_empty_gt=False, min_size=1),
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
        ann_file='annotations/instances_val2017.json',
        data_prefix=dict(img='val2017/'),
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args))
test_dataloader = val_dataloader

val_evaluator = dict(type='CocoMetric', ann_file=data_root + 'annotations/instances_val2017.json',
                     metric='bbox', backend_args=backend_args)
test_evaluator = val_evaluator
