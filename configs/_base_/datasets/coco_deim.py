# COCO 2017 as DEIM evaluates it: images decoded and resized by Pillow to 640 x 640 (no
# keep-ratio, bilinear: torchvision's Resize on a PIL image, DEIM's test transform), [0, 1] RGB
# (the model's data preprocessor). Training uses the Dense O2O pipeline of the face datasets.

dataset_type = 'CocoDataset'
data_root = 'data/coco/'
img_scale = (640, 640)
backend_args = None

load_pipeline = [
    dict(type='LoadImageFromFile', backend_args=backend_args, imdecode_backend='pillow'),
    dict(type='LoadAnnotations', with_bbox=True),
]
train_pipeline = [
    dict(type='MosaicAffine', img_scale=(img_scale[0] // 2, img_scale[1] // 2), prob=0.5,
         pad_val=0.0),
    dict(type='PhotoMetricDistortion'),
    dict(type='ZoomOut', prob=0.5),
    dict(type='IoUCrop', prob=0.8),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Resize', scale=img_scale, keep_ratio=False),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    load_pipeline[0],
    dict(type='Resize', scale=img_scale, keep_ratio=False, backend='pillow',
         interpolation='bilinear'),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiImageMixDataset',
        skip_type_keys=('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut', 'IoUCrop'),
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
