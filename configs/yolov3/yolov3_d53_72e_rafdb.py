# YOLOv3 (Redmon and Farhadi, 2018): DarkNet-53, MMDetection's recipe (SGD, Expand +
# MinIoURandomCrop, multi-scale, photometric distortion); anchors scaled with the input.
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::yolo/yolov3_d53_8xb8-ms-416-273e_coco.py data=rafdb img_scale=640
# port: max_epochs=72
_base_ = 'mmdet::yolo/yolov3_d53_8xb8-ms-416-273e_coco.py'

train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='LinearLR', start_factor=0.1, begin=0.0, end=0.003996730674308416),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(
            type='MultiStepLR',
            milestones=[0.7985347985347986, 0.9010989010989011],
            gamma=0.1,
        ),
    ),
]
optim_wrapper = dict(_scope_='mmfer')
default_scope = 'mmfer'
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=1, max_keep_ckpts=2, save_best='coco/bbox_mAP_50', rule='greater'),
    divergence=dict(type='DivergenceHook', max_skipped_steps=20),
    random_state=dict(type='RandomStateHook'),
    skipped_images=dict(type='SkippedImagesHook'),
)
env_cfg = dict(_scope_='mmfer')
visualizer = dict(_scope_='mmfer')
log_processor = dict(_scope_='mmfer')
data_preprocessor = dict(_scope_='mmfer')
model = dict(
    backbone=dict(init_cfg=dict(checkpoint='checkpoints/darknet53-a628ea1b.pth')),
    bbox_head=dict(
        num_classes=7,
        anchor_generator=dict(
            base_sizes=[
                [(178, 138), (240, 305), (574, 502)],
                [(46, 94), (95, 69), (91, 183)],
                [(15, 20), (25, 46), (51, 35)],
            ],
        ),
    ),
    _scope_='mmfer',
)
dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Expand', mean=[0, 0, 0], to_rgb=True, ratio_range=(1, 2)),
    dict(type='MinIoURandomCrop', min_ious=(0.4, 0.5, 0.6, 0.7, 0.8, 0.9), min_crop_size=0.3),
    dict(type='RandomResize', scale=[(492, 492), (640, 640)], keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(640, 640), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=True),
    batch_sampler=dict(_delete_=True, type='AspectRatioBatchSampler'),
    dataset=dict(
        _delete_=True,
        type='RAFDBDataset',
        data_root='data/rafdb/',
        ann_file='annotations/rafdb_train.json',
        data_prefix=dict(img='Image/original/'),
        filter_cfg=dict(filter_empty_gt=False, min_size=8),
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(type='Expand', mean=[0, 0, 0], to_rgb=True, ratio_range=(1, 2)),
            dict(
                type='MinIoURandomCrop',
                min_ious=(0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                min_crop_size=0.3,
            ),
            dict(type='RandomResize', scale=[(492, 492), (640, 640)], keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PhotoMetricDistortion'),
            dict(type='PackDetInputs'),
        ],
        backend_args=None,
    ),
)
val_dataloader = dict(
    num_workers=4,
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True,
        type='RAFDBDataset',
        data_root='data/rafdb/',
        ann_file='annotations/rafdb_val.json',
        data_prefix=dict(img='Image/original/'),
        test_mode=True,
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(640, 640), keep_ratio=True),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
        backend_args=None,
    ),
)
test_dataloader = dict(
    num_workers=4,
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=False),
    dataset=dict(
        _delete_=True,
        type='RAFDBDataset',
        data_root='data/rafdb/',
        ann_file='annotations/rafdb_test.json',
        data_prefix=dict(img='Image/original/'),
        test_mode=True,
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(640, 640), keep_ratio=True),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
        backend_args=None,
    ),
)
val_evaluator = [
    dict(type='ExpressionCocoMetric', backend_args=None),
    dict(type='ExpressionVOCMetric', backend_args=None),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = [
    dict(type='ExpressionCocoMetric', backend_args=None),
    dict(type='ExpressionVOCMetric', backend_args=None),
    dict(type='ExpressionAccuracyMetric'),
]
pretrained_weights = {
    'checkpoints/darknet53-a628ea1b.pth': 'https://download.openmmlab.com/pretrain/third_party/darknet53-a628ea1b.pth',
}
custom_imports = dict(
    imports=[
        'mmfer.datasets',
        'mmfer.evaluation',
        'mmfer.models',
        'mmfer.engine',
        'mmfer.visualization',
    ],
    allow_failed_imports=False,
)
custom_hooks = []
