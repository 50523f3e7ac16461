# CenterNet (Zhou et al., 2019): ResNet-18 + deconvolutions, MMDetection's recipe (SGD, random
# centre crop + pad, photometric distortion). It tests each image at its own size, as its recipe.
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py data=rafdb img_scale=640
# port: max_epochs=72
_base_ = 'mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py'

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PhotoMetricDistortion',
        brightness_delta=32,
        contrast_range=(0.5, 1.5),
        saturation_range=(0.5, 1.5),
        hue_delta=18,
    ),
    dict(
        type='RandomCenterCropPad',
        crop_size=(640, 640),
        ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
        mean=[0, 0, 0],
        std=[1, 1, 1],
        to_rgb=True,
        test_pad_mode=None,
    ),
    dict(type='Resize', scale=(640, 640), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None, to_float32=True),
    dict(
        type='RandomCenterCropPad',
        ratios=None,
        border=None,
        mean=[0, 0, 0],
        std=[1, 1, 1],
        to_rgb=True,
        test_mode=True,
        test_pad_mode=['logical_or', 31],
        test_pad_add_pix=1,
    ),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'border'),
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
            dict(
                type='PhotoMetricDistortion',
                brightness_delta=32,
                contrast_range=(0.5, 1.5),
                saturation_range=(0.5, 1.5),
                hue_delta=18,
            ),
            dict(
                type='RandomCenterCropPad',
                crop_size=(640, 640),
                ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
                mean=[0, 0, 0],
                std=[1, 1, 1],
                to_rgb=True,
                test_pad_mode=None,
            ),
            dict(type='Resize', scale=(640, 640), keep_ratio=True),
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
            dict(type='LoadImageFromFile', backend_args=None, to_float32=True),
            dict(
                type='RandomCenterCropPad',
                ratios=None,
                border=None,
                mean=[0, 0, 0],
                std=[1, 1, 1],
                to_rgb=True,
                test_mode=True,
                test_pad_mode=['logical_or', 31],
                test_pad_add_pix=1,
            ),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'border'),
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
            dict(type='LoadImageFromFile', backend_args=None, to_float32=True),
            dict(
                type='RandomCenterCropPad',
                ratios=None,
                border=None,
                mean=[0, 0, 0],
                std=[1, 1, 1],
                to_rgb=True,
                test_mode=True,
                test_pad_mode=['logical_or', 31],
                test_pad_add_pix=1,
            ),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'border'),
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
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(type='LinearLR', start_factor=0.001, begin=0.0, end=0.007789375292101573),
    ),
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(
            type='MultiStepLR',
            begin=0.0,
            end=1.0,
            milestones=[0.6428571428571429, 0.8571428571428571],
            gamma=0.1,
        ),
    ),
]
optim_wrapper = dict(_scope_='mmfer')
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
tta_model = dict(_scope_='mmfer')
tta_pipeline = [
    dict(type='LoadImageFromFile', to_float32=True, backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [dict(type='RandomFlip', prob=1.0), dict(type='RandomFlip', prob=0.0)],
            [
                dict(
                    type='RandomCenterCropPad',
                    ratios=None,
                    border=None,
                    mean=[0, 0, 0],
                    std=[1, 1, 1],
                    to_rgb=True,
                    test_mode=True,
                    test_pad_mode=['logical_or', 31],
                    test_pad_add_pix=1,
                ),
            ],
            [dict(type='LoadAnnotations', with_bbox=True)],
            [
                dict(
                    type='PackDetInputs',
                    meta_keys=(
                        'img_id',
                        'img_path',
                        'ori_shape',
                        'img_shape',
                        'flip',
                        'flip_direction',
                        'border',
                    ),
                ),
            ],
        ],
    ),
]
model = dict(
    backbone=dict(init_cfg=dict(checkpoint='checkpoints/resnet18-f37072fd.pth')),
    bbox_head=dict(num_classes=7),
    _scope_='mmfer',
)
max_epochs = 72
pretrained_weights = {
    'checkpoints/resnet18-f37072fd.pth': 'https://download.pytorch.org/models/resnet18-f37072fd.pth',
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
