# DINO (Zhang et al., ICLR 2023), a row none of the FER papers ran: ResNet-50, 4 scales,
# MMDetection's recipe (AdamW, multi-scale resize and crop).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py data=rafdb img_scale=640 max_epochs=72
_base_ = 'mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py'

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomFlip', prob=0.5),
    dict(
        type='RandomChoice',
        transforms=[
            [
                dict(
                    type='RandomChoiceResize',
                    scales=[
                        (384, 1066),
                        (410, 1066),
                        (435, 1066),
                        (461, 1066),
                        (486, 1066),
                        (512, 1066),
                        (538, 1066),
                        (563, 1066),
                        (589, 1066),
                        (614, 1066),
                        (640, 1066),
                    ],
                    keep_ratio=True,
                ),
            ],
            [
                dict(
                    type='RandomChoiceResize',
                    scales=[(320, 3360), (400, 3360), (480, 3360)],
                    keep_ratio=True,
                ),
                dict(
                    type='RandomCrop',
                    crop_type='absolute_range',
                    crop_size=(307, 480),
                    allow_negative_crop=True,
                ),
                dict(
                    type='RandomChoiceResize',
                    scales=[
                        (384, 1066),
                        (410, 1066),
                        (435, 1066),
                        (461, 1066),
                        (486, 1066),
                        (512, 1066),
                        (538, 1066),
                        (563, 1066),
                        (589, 1066),
                        (614, 1066),
                        (640, 1066),
                    ],
                    keep_ratio=True,
                ),
            ],
        ],
    ),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(1066, 640), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    num_workers=4,
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
            dict(type='RandomFlip', prob=0.5),
            dict(
                type='RandomChoice',
                transforms=[
                    [
                        dict(
                            type='RandomChoiceResize',
                            scales=[
                                (384, 1066),
                                (410, 1066),
                                (435, 1066),
                                (461, 1066),
                                (486, 1066),
                                (512, 1066),
                                (538, 1066),
                                (563, 1066),
                                (589, 1066),
                                (614, 1066),
                                (640, 1066),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                    [
                        dict(
                            type='RandomChoiceResize',
                            scales=[(320, 3360), (400, 3360), (480, 3360)],
                            keep_ratio=True,
                        ),
                        dict(
                            type='RandomCrop',
                            crop_type='absolute_range',
                            crop_size=(307, 480),
                            allow_negative_crop=True,
                        ),
                        dict(
                            type='RandomChoiceResize',
                            scales=[
                                (384, 1066),
                                (410, 1066),
                                (435, 1066),
                                (461, 1066),
                                (486, 1066),
                                (512, 1066),
                                (538, 1066),
                                (563, 1066),
                                (589, 1066),
                                (614, 1066),
                                (640, 1066),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                ],
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
            dict(type='Resize', scale=(1066, 640), keep_ratio=True),
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
            dict(type='Resize', scale=(1066, 640), keep_ratio=True),
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
model = dict(
    backbone=dict(init_cfg=dict(checkpoint='checkpoints/resnet50-0676ba61.pth')),
    bbox_head=dict(num_classes=7),
    _scope_='mmfer',
)
optim_wrapper = dict(_scope_='mmfer')
max_epochs = 72
train_cfg = dict(_delete_=True, type='EpochBasedTrainLoop', max_epochs=72, val_interval=4)
val_cfg = dict(_scope_='mmfer')
test_cfg = dict(_scope_='mmfer')
param_scheduler = [
    dict(
        type='RunFractionScheduler',
        convert_to_iter_based=True,
        scheduler=dict(
            type='MultiStepLR',
            begin=0.0,
            end=1.0,
            milestones=[0.9166666666666666],
            gamma=0.1,
        ),
    ),
]
pretrained_weights = {
    'checkpoints/resnet50-0676ba61.pth': 'https://download.pytorch.org/models/resnet50-0676ba61.pth',
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
