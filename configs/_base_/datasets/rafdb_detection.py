# RAF-DB basic (see data/README.md): link the RAF-DB "basic" folder as data/rafdb, then
#   python tools/dataset_converters/rafdb2coco.py data/rafdb data/rafdb
# writes data/rafdb/annotations/rafdb_{train,test}.json next to Image/original.
_base_ = []  # no parent: this line makes mmengine read the file, import and all, as text
from mmfer.datasets.transforms.presets import face_test_pipeline, face_train_pipeline  # noqa: E402

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
rafdb_images = 'Image/original/'
img_scale = (640, 640)
backend_args = None

train_pipeline = face_train_pipeline(img_scale, backend_args)
test_pipeline = face_test_pipeline(img_scale, backend_args)

train_dataloader = dict(
    batch_size=16,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    batch_sampler=dict(type='AspectRatioBatchSampler'),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/rafdb_train.json',
        data_prefix=dict(img=rafdb_images),
        filter_cfg=dict(filter_empty_gt=False, min_size=8),
        pipeline=train_pipeline,
        backend_args=backend_args))
val_dataloader = dict(
    batch_size=16,
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
