# The synthetic expression-face set (mmfer.datasets.synthetic), generated under data_root on
# first use: the default data of the main job, the tests and the benchmarks.
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import face_test_pipeline, face_train_pipeline  # noqa: E402

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer/'
synthetic = dict(seed=0, img_size=160, num_train=700, num_test=210)
img_scale = (160, 160)
backend_args = None

train_pipeline = face_train_pipeline(img_scale, backend_args)
test_pipeline = face_test_pipeline(img_scale, backend_args)

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
