# RTMDet-S (Lyu et al., 2022), a row none of the FER papers ran: CSPNeXt + PAFPN, MMDetection's
# recipe (AdamW, cached Mosaic + MixUp switched to a light pipeline for the last 7 %, EMA).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
# port: recipe=mmdet::rtmdet/rtmdet_s_8xb32-300e_coco.py data=synth img_scale=160 max_epochs=3
# port: pretrained=False recipe_batch=256 parent=./rtmdet_s_72e_rafdb.py
_base_ = './rtmdet_s_72e_rafdb.py'

train_cfg = dict(max_epochs=3, val_interval=1)
dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='CachedMosaic', img_scale=(160, 160), pad_val=114.0),
    dict(type='RandomResize', scale=(320, 320), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(160, 160)),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
    dict(
        type='CachedMixUp',
        img_scale=(160, 160),
        ratio_range=(1.0, 1.0),
        max_cached_images=20,
        pad_val=(114, 114, 114),
    ),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    num_workers=2,
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
            dict(type='CachedMosaic', img_scale=(160, 160), pad_val=114.0),
            dict(type='RandomResize', scale=(320, 320), ratio_range=(0.5, 2.0), keep_ratio=True),
            dict(type='RandomCrop', crop_size=(160, 160)),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
            dict(
                type='CachedMixUp',
                img_scale=(160, 160),
                ratio_range=(1.0, 1.0),
                max_cached_images=20,
                pad_val=(114, 114, 114),
            ),
            dict(type='PackDetInputs'),
        ],
        backend_args=None,
        synthetic=dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3)),
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
            dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
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
            dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
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
            [dict(type='Pad', size=(240, 240), pad_val=dict(img=(114, 114, 114)))],
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
model = dict(backbone=dict(init_cfg=None, frozen_stages=-1, norm_eval=False))
train_pipeline_stage2 = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='RandomResize', scale=(160, 160), ratio_range=(0.5, 2.0), keep_ratio=True),
    dict(type='RandomCrop', crop_size=(160, 160)),
    dict(type='YOLOXHSVRandomAug'),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
    dict(type='PackDetInputs'),
]
max_epochs = 3
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
        switch_epoch=3,
        switch_pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(type='RandomResize', scale=(160, 160), ratio_range=(0.5, 2.0), keep_ratio=True),
            dict(type='RandomCrop', crop_size=(160, 160)),
            dict(type='YOLOXHSVRandomAug'),
            dict(type='RandomFlip', prob=0.5),
            dict(type='Pad', size=(160, 160), pad_val=dict(img=(114, 114, 114))),
            dict(type='PackDetInputs'),
        ],
    ),
]
pretrained_weights = dict(_delete_=True)
