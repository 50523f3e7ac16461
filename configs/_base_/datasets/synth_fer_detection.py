# The synthetic expression-face set (mmfer.datasets.synthetic), generated under data_root on
# first use: the default data of the main job, the tests and the benchmarks.

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer/'
synthetic = dict(seed=0, img_size=160, num_train=700, num_test=210)
img_scale = (160, 160)
backend_args = None

# keep-ratio resize and a flip, boxes and landmarks together (mmdet's anchor-based detectors and
# the landmark branch's training)
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(type='LoadFaceAnnotations', with_bbox=True),
    dict(type='ResizeWithLandmarks', scale=img_scale, keep_ratio=True),
    dict(type='RandomFlipWithLandmarks', prob=0.5),
    dict(type='PackFaceInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(type='ResizeWithLandmarks', scale=img_scale, keep_ratio=True),
    dict(type='LoadFaceAnnotations', with_bbox=True),
    dict(type='PackFaceInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_sampler=dict(type='AspectRatioBatchSampler'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        synthetic=synthetic,
        ann_file='annotations/synth_train.json',
        data_prefix=dict(img='images/train/'),
        filter_cfg=dict(filter_empty_gt=False, min_size=8),
        pipeline=train_pipeline,
        backend_args=backend_args))
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
    # the ground truth of the dataset it scores (moves with --cfg-options data roots)
    dict(type='ExpressionVOCMetric', backend_args=backend_args),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = val_evaluator
