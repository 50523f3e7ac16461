# The synthetic expression-face set for DEIM-style training: images resized to a square (no
# keep-ratio, as DEIM), and DEIM's augmentations (Mosaic with its affine, photometric
# distortion, zoom-out, IoU crop) in a MultiImageMixDataset pipeline, where DenseO2OHook switches
# them by stage (all off at the start).
dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer/'
synthetic = dict(seed=0, img_size=160, num_train=700, num_test=210)
img_scale = (160, 160)
backend_args = None

load_pipeline = [
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(type='LoadAnnotations', with_bbox=True),
]
train_pipeline = [
    # each image at half the size: the mosaic is the training size (DEIM's output_size)
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
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(type='Resize', scale=img_scale, keep_ratio=False),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiImageMixDataset',
        skip_type_keys=('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut', 'IoUCrop'),
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
