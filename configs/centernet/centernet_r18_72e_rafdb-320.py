# CenterNet (Zhou et al., 2019): ResNet-18 + deconvolutions, MMDetection's recipe (SGD, random
# centre crop + pad, photometric distortion). It tests each image at its own size, as its recipe.
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py data=rafdb img_scale=320
# port: max_epochs=72 parent=./centernet_r18_72e_rafdb.py
_base_ = './centernet_r18_72e_rafdb.py'

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
        crop_size=(320, 320),
        ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
        mean=[0, 0, 0],
        std=[1, 1, 1],
        to_rgb=True,
        test_pad_mode=None,
    ),
    dict(type='Resize', scale=(320, 320), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PackDetInputs'),
]
train_dataloader = dict(
    dataset=dict(
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
                crop_size=(320, 320),
                ratios=(0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3),
                mean=[0, 0, 0],
                std=[1, 1, 1],
                to_rgb=True,
                test_pad_mode=None,
            ),
            dict(type='Resize', scale=(320, 320), keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PackDetInputs'),
        ],
    ),
)
