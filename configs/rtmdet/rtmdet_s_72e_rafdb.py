# RTMDet-S (Lyu et al., 2022), a row none of the FER papers ran: CSPNeXt + PAFPN, MMDetection's
# recipe (AdamW, cached Mosaic + MixUp switched to a light pipeline for the last 7 %, EMA).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::rtmdet/rtmdet_s_8xb32-300e_coco.py data=rafdb img_scale=640 max_epochs=72
# port: recipe_batch=256
_base_ = 'mmdet::rtmdet/rtmdet_s_8xb32-300e_coco.py'

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
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='LinearLR', start_factor=1e-05, begin=0.0, end=0.007262164124909223),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='CosineAnnealingLR', eta_min=0.0002, begin=0.5, end=1.0, T_max=0.5),
    ),
]
optim_wrapper = dict(_scope_='mmfer')
auto_scale_lr = dict(base_batch_size=256)
dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CachedMosaic', img_scale=(640, 640), pad_val=114.0),
    dict(type='RandomResize', scale=(1280, 1280), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(640, 640)),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
    dict(
        type='CachedMixUp',
        img_scale=(640, 640),
        ratio_range=(1.0, 1.0),
        max_cached_images=20,
        pad_val=(114, 114, 114),
    ),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(640, 640), keep_ratio=True),
    dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    num_workers=4,
    sampler=dict(_delete_=True, type='DefaultSampler', shuffle=True),
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
            dict(type='CachedMosaic', img_scale=(640, 640), pad_val=114.0),
            dict(
                type='RandomResize',
                scale=(1280, 1280),
                ratio_range=(0.5, 2.0),
                keep_ratio=True,
            ),
            dict(type='RandomCrop', crop_size=(640, 640)),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
            dict(
                type='CachedMixUp',
                img_scale=(640, 640),
                ratio_range=(1.0, 1.0),
                max_cached_images=20,
                pad_val=(114, 114, 114),
            ),
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
            dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
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
            dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
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
            [dict(type='Pad', size=(960, 960), pad_val=dict(img=(114, 114, 114)))],
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
model = dict(
    backbone=dict(init_cfg=dict(checkpoint='checkpoints/cspnext-s_imagenet_600e.pth')),
    bbox_head=dict(num_classes=7),
    _scope_='mmfer',
)
train_pipeline_stage2 = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomResize', scale=(640, 640), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(640, 640)),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
    dict(type='PackDetInputs'),
]
max_epochs = 72
custom_hooks = [
    dict(
        type='RunLengthEMAHook',
        window_ratio=0.03631082062454612,
        warmup_ratio=0.014524328249818447,
        update_buffers=True,
        priority=49,
    ),
    dict(
        type='PipelineSwitchHook',
        switch_epoch=67,
        switch_pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(type='RandomResize', scale=(640, 640), ratio_range=(0.5, 2.0), keep_ratio=True),
            dict(type='RandomCrop', crop_size=(640, 640)),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Pad', size=(640, 640), pad_val=dict(img=(114, 114, 114))),
            dict(type='PackDetInputs'),
        ],
    ),
]
pretrained_weights = {
    'checkpoints/cspnext-s_imagenet_600e.pth': 'https://download.openmmlab.com/mmdetection/v3.0/rtmdet/cspnext_rsb_pretrain/cspnext-s_imagenet_600e.pth',
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
