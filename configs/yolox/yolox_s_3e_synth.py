# YOLOX-S (Ge et al., 2021): CSPDarknet + PAFPN, MMDetection's recipe (SGD, Mosaic + MixUp
# switched off for the last 5 % of the run, EMA).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
# port: recipe=mmdet::yolox/yolox_s_8xb8-300e_coco.py data=synth img_scale=160 max_epochs=3
# port: pretrained=False parent=./yolox_s_72e_rafdb.py
_base_ = './yolox_s_72e_rafdb.py'

train_cfg = dict(max_epochs=3, val_interval=1)
img_scales = [(160, 160), (80, 80), (240, 240)]
tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale=(160, 160), keep_ratio=True),
                dict(type='Resize', scale=(80, 80), keep_ratio=True),
                dict(type='Resize', scale=(240, 240), keep_ratio=True),
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
img_scale = (160, 160)
model = dict(
    data_preprocessor=dict(
        batch_augments=[
            dict(
                type='BatchSyncRandomResize',
                random_size_range=(120, 200),
                size_divisor=32,
                interval=10,
            ),
        ],
    ),
)
data_root = 'data/synthetic_fer_multi/'
dataset_type = 'SyntheticFERDataset'
train_pipeline = [
    dict(type='Mosaic', img_scale=(160, 160), pad_val=114.0),
    dict(type='RandomAffine', scaling_ratio_range=(0.1, 2), border=(-80, -80)),
    dict(type='MixUp', img_scale=(160, 160), ratio_range=(0.8, 1.6), pad_val=114.0),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='PackDetInputs'),
]
train_dataset = dict(
    dataset=dict(
        _delete_=True,
        type='SyntheticFERDataset',
        data_root='data/synthetic_fer_multi/',
        ann_file='annotations/synth_train.json',
        data_prefix=dict(img='images/train/'),
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='LoadAnnotations', with_bbox=True),
        ],
        filter_cfg=dict(filter_empty_gt=False, min_size=8),
        backend_args=None,
        synthetic=dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3)),
    ),
    pipeline=[
        dict(type='Mosaic', img_scale=(160, 160), pad_val=114.0),
        dict(type='RandomAffine', scaling_ratio_range=(0.1, 2), border=(-80, -80)),
        dict(type='MixUp', img_scale=(160, 160), ratio_range=(0.8, 1.6), pad_val=114.0),
        dict(type='YOLOXHSVRandomAug'),
        dict(type='RandomFlip', prob=0.5),
        dict(type='Resize', scale=(160, 160), keep_ratio=True),
        dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
        dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
        dict(type='PackDetInputs'),
    ],
)
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    num_workers=2,
    dataset=dict(
        dataset=dict(
            _delete_=True,
            type='SyntheticFERDataset',
            data_root='data/synthetic_fer_multi/',
            ann_file='annotations/synth_train.json',
            data_prefix=dict(img='images/train/'),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=[
                dict(type='LoadImageFromFile', backend_args=None),
                dict(type='LoadAnnotations', with_bbox=True),
            ],
            backend_args=None,
            synthetic=dict(
                seed=0,
                img_size=160,
                num_train=1200,
                num_test=210,
                faces_per_image=(1, 3),
            ),
        ),
        pipeline=[
            dict(type='Mosaic', img_scale=(160, 160), pad_val=114.0),
            dict(type='RandomAffine', scaling_ratio_range=(0.1, 2), border=(-80, -80)),
            dict(type='MixUp', img_scale=(160, 160), ratio_range=(0.8, 1.6), pad_val=114.0),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Resize', scale=(160, 160), keep_ratio=True),
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
            dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
            dict(type='PackDetInputs'),
        ],
    ),
)
val_dataloader = dict(
    num_workers=2,
    dataset=dict(
        _delete_=True,
        type='SyntheticFERDataset',
        data_root='data/synthetic_fer_multi/',
        ann_file='annotations/synth_test.json',
        data_prefix=dict(img='images/test/'),
        test_mode=True,
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(160, 160), keep_ratio=True),
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
        backend_args=None,
        synthetic=dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3)),
    ),
)
test_dataloader = dict(
    num_workers=2,
    dataset=dict(
        _delete_=True,
        type='SyntheticFERDataset',
        data_root='data/synthetic_fer_multi/',
        ann_file='annotations/synth_test.json',
        data_prefix=dict(img='images/test/'),
        test_mode=True,
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(160, 160), keep_ratio=True),
            dict(type='Pad', pad_to_square=True, pad_val=dict(img=(114.0, 114.0, 114.0))),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
        backend_args=None,
        synthetic=dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3)),
    ),
)
max_epochs = 3
custom_hooks = [
    dict(type='YOLOXModeSwitchHook', num_last_epochs=1, priority=48),
    dict(type='SyncNormHook', priority=48),
    dict(
        type='RunLengthEMAHook',
        window_ratio=0.01818512456810329,
        warmup_ratio=0.0036370249136206583,
        update_buffers=True,
        priority=49,
    ),
]
