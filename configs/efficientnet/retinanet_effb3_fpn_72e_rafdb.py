# Table 1's "EfficientNet" row: RetinaNet with an EfficientNet-B3 backbone + FPN, MMDetection's
# recipe (SGD, random resize + crop).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::efficientnet/retinanet_effb3_fpn_8xb4-crop896-1x_coco.py data=rafdb
# port: img_scale=640 max_epochs=72
_base_ = 'mmdet::efficientnet/retinanet_effb3_fpn_8xb4-crop896-1x_coco.py'

model = dict(
    data_preprocessor=dict(batch_augments=[dict(type='BatchFixedSizePad', size=(640, 640))]),
    backbone=dict(
        init_cfg=dict(
            checkpoint='checkpoints/efficientnet-b3_3rdparty_8xb32-aa_in1k_20220119-5b4887a0.pth',
        ),
    ),
    bbox_head=dict(num_classes=7),
    _scope_='mmfer',
)
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='LinearLR', start_factor=0.1, begin=0.0, end=0.022737608003638016),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(
            type='MultiStepLR',
            begin=0.0,
            end=1.0,
            milestones=[0.6666666666666666, 0.9166666666666666],
            gamma=0.1,
        ),
    ),
]
optim_wrapper = dict(_scope_='mmfer')
dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomResize', scale=(640, 640), ratio_range=(0.8, 1.2), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(640, 640)),
    dict(type='RandomFlip', prob=0.5),
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
            dict(type='RandomResize', scale=(640, 640), ratio_range=(0.8, 1.2), keep_ratio=True),
            dict(type='RandomCrop', crop_size=(640, 640)),
            dict(type='RandomFlip', prob=0.5),
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
default_scope = 'mmfer'
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(max_keep_ckpts=2, save_best='coco/bbox_mAP_50', rule='greater'),
    divergence=dict(type='DivergenceHook', max_skipped_steps=20),
    random_state=dict(type='RandomStateHook'),
    skipped_images=dict(type='SkippedImagesHook'),
)
env_cfg = dict(_scope_='mmfer')
visualizer = dict(_scope_='mmfer')
log_processor = dict(_scope_='mmfer')
norm_cfg = dict(_scope_='mmfer')
max_epochs = 72
pretrained_weights = {
    'checkpoints/efficientnet-b3_3rdparty_8xb32-aa_in1k_20220119-5b4887a0.pth': 'https://download.openmmlab.com/mmclassification/v0/efficientnet/efficientnet-b3_3rdparty_8xb32-aa_in1k_20220119-5b4887a0.pth',
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
