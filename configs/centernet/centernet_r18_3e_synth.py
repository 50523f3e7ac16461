# CenterNet (Zhou et al., 2019): ResNet-18 + deconvolutions, MMDetection's recipe (SGD, random
# centre crop + pad, photometric distortion). It tests each image at its own size, as its recipe.
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
# port: recipe=mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py data=synth img_scale=160
# port: max_epochs=3 pretrained=False parent=./centernet_r18_72e_rafdb.py
_base_ = './centernet_r18_72e_rafdb.py'

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
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
        crop_size=(160, 160),
        ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
        mean=[0, 0, 0],
        std=[1, 1, 1],
        to_rgb=True,
        test_pad_mode=None,
    ),
    dict(type='Resize', scale=(160, 160), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
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
            dict(
                type='PhotoMetricDistortion',
                brightness_delta=32,
                contrast_range=(0.5, 1.5),
                saturation_range=(0.5, 1.5),
                hue_delta=18,
            ),
            dict(
                type='RandomCenterCropPad',
                crop_size=(160, 160),
                ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
                mean=[0, 0, 0],
                std=[1, 1, 1],
                to_rgb=True,
                test_pad_mode=None,
            ),
            dict(type='Resize', scale=(160, 160), keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
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
        synthetic=dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3)),
    ),
)
train_cfg = dict(max_epochs=3, val_interval=1)
model = dict(backbone=dict(init_cfg=None, frozen_stages=-1))
max_epochs = 3
pretrained_weights = dict(_delete_=True)
