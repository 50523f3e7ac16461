# YOLOX-S (Ge et al., 2021): CSPDarknet + PAFPN, MMDetection's recipe (SGD, Mosaic + MixUp
# switched off for the last 5 % of the run, EMA).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::yolox/yolox_s_8xb8-300e_coco.py data=rafdb img_scale=640 max_epochs=72
_base_ = 'mmdet::yolox/yolox_s_8xb8-300e_coco.py'

train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='mmdet.QuadraticWarmupLR', begin=0.0, end=0.016666666666666666),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(
            type='CosineAnnealingLR',
            eta_min=0.0005,
            begin=0.016666666666666666,
            T_max=0.95,
            end=0.95,
        ),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='ConstantLR', factor=1, begin=0.95, end=1.0),
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
tta_model = dict(_scope_='mmfer')
tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale=(640, 640), keep_ratio=True),
                dict(type='Resize', scale=(320, 320), keep_ratio=True),
                dict(type='Resize', scale=(960, 960), keep_ratio=True),
            ],
            [dict(type='RandomFlip', prob=1.0), dict(type='RandomFlip', prob=0.0)],
            [dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0)))],
            [dict(type='LoadAnnotations', with_bbox=True)],
            [
                dict(
                    type='PackDetInputs',
                    meta_keys=(
                        'img_id',
                        'img_path',
                        'ori_shape',
                        'img_shape',
                        'scale_factor',
                        'flip',
                        'flip_direction',
                    ),
                ),
            ],
        ],
    ),
]
model = dict(bbox_head=dict(num_classes=7), _scope_='mmfer')
data_root = 'data/rafdb/'
dataset_type = 'RAFDBDataset'
train_pipeline = [
    dict(type='Mosaic', img_scale=(640, 640), pad_val=114.0),
    dict(type='RandomAffine', scaling_ratio_range=(0.1, 2), border=(-320, -320)),
    dict(type='MixUp', img_scale=(640, 640), ratio_range=(0.8, 1.6), pad_val=114.0),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Resize', scale=(640, 640), keep_ratio=True),
    dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='PackDetInputs'),
]
train_dataset = dict(
    dataset=dict(
        _delete_=True,
        type='RAFDBDataset',
        data_root='data/rafdb/',
        ann_file='annotations/rafdb_train.json',
        data_prefix=dict(img='Image/original/'),
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='LoadAnnotations', with_bbox=True),
        ],
        filter_cfg=dict(filter_empty_gt=False, min_size=8),
        backend_args=None,
    ),
    _scope_='mmfer',
)
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(640, 640), keep_ratio=True),
    dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=True),
    dataset=dict(
        _delete_=True,
        type='MultiImageMixDataset',
        dataset=dict(
            type='RAFDBDataset',
            data_root='data/rafdb/',
            ann_file='annotations/rafdb_train.json',
            data_prefix=dict(img='Image/original/'),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=[
                dict(type='LoadImageFromFile', backend_args=None),
                dict(type='LoadAnnotations', with_bbox=True),
            ],
            backend_args=None,
        ),
        pipeline=[
            dict(type='Mosaic', img_scale=(640, 640), pad_val=114.0),
            dict(type='RandomAffine', scaling_ratio_range=(0.1, 2), border=(-320, -320)),
            dict(type='MixUp', img_scale=(640, 640), ratio_range=(0.8, 1.6), pad_val=114.0),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Resize', scale=(640, 640), keep_ratio=True),
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
            dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
            dict(type='PackDetInputs'),
        ],
    ),
)
val_dataloader = dict(
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
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
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
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
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
max_epochs = 72
custom_hooks = [
    dict(type='YOLOXModeSwitchHook', num_last_epochs=4, priority=48),
    dict(type='SyncNormHook', priority=48),
    dict(
        type='RunLengthEMAHook',
        window_ratio=0.01818512456810329,
        warmup_ratio=0.0036370249136206583,
        update_buffers=True,
        priority=49,
    ),
]
pretrained_weights = dict()
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
