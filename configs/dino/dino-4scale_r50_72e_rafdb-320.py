# DINO (Zhang et al., ICLR 2023), a row none of the FER papers ran: ResNet-50, 4 scales,
# MMDetection's recipe (AdamW, multi-scale resize and crop).
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# DINO picks its queries (900 in the recipe) among the encoder's tokens: at 320 px (192 px at the
# smallest training scale) it has under 800; Deformable DETR's 300.
# port: recipe=mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py data=rafdb img_scale=320 max_epochs=72
# port: model.num_queries=300 parent=./dino-4scale_r50_72e_rafdb.py
_base_ = './dino-4scale_r50_72e_rafdb.py'

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
                        (192, 533),
                        (205, 533),
                        (218, 533),
                        (230, 533),
                        (243, 533),
                        (256, 533),
                        (269, 533),
                        (282, 533),
                        (294, 533),
                        (307, 533),
                        (320, 533),
                    ],
                    keep_ratio=True,
                ),
            ],
            [
                dict(
                    type='RandomChoiceResize',
                    scales=[(160, 1680), (200, 1680), (240, 1680)],
                    keep_ratio=True,
                ),
                dict(
                    type='RandomCrop',
                    crop_type='absolute_range',
                    crop_size=(154, 240),
                    allow_negative_crop=True,
                ),
                dict(
                    type='RandomChoiceResize',
                    scales=[
                        (192, 533),
                        (205, 533),
                        (218, 533),
                        (230, 533),
                        (243, 533),
                        (256, 533),
                        (269, 533),
                        (282, 533),
                        (294, 533),
                        (307, 533),
                        (320, 533),
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
    dict(type='Resize', scale=(533, 320), keep_ratio=True),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(
        type='PackDetInputs',
        meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
    ),
]
train_dataloader = dict(
    dataset=dict(
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
                                (192, 533),
                                (205, 533),
                                (218, 533),
                                (230, 533),
                                (243, 533),
                                (256, 533),
                                (269, 533),
                                (282, 533),
                                (294, 533),
                                (307, 533),
                                (320, 533),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                    [
                        dict(
                            type='RandomChoiceResize',
                            scales=[(160, 1680), (200, 1680), (240, 1680)],
                            keep_ratio=True,
                        ),
                        dict(
                            type='RandomCrop',
                            crop_type='absolute_range',
                            crop_size=(154, 240),
                            allow_negative_crop=True,
                        ),
                        dict(
                            type='RandomChoiceResize',
                            scales=[
                                (192, 533),
                                (205, 533),
                                (218, 533),
                                (230, 533),
                                (243, 533),
                                (256, 533),
                                (269, 533),
                                (282, 533),
                                (294, 533),
                                (307, 533),
                                (320, 533),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                ],
            ),
            dict(type='PackDetInputs'),
        ],
    ),
)
val_dataloader = dict(
    dataset=dict(
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(533, 320), keep_ratio=True),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
    ),
)
test_dataloader = dict(
    dataset=dict(
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(533, 320), keep_ratio=True),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
    ),
)
model = dict(num_queries=300)
