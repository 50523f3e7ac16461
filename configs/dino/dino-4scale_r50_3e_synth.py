# DINO (Zhang et al., ICLR 2023), a row none of the FER papers ran: ResNet-50, 4 scales,
# MMDetection's recipe (AdamW, multi-scale resize and crop).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
# DINO picks its queries (900 in the recipe) among the encoder's tokens: at 160 px (96 px at the
# smallest training scale) it has under 200; DETR's own 100 are plenty for 1 to 3 faces.
# port: recipe=mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py data=synth img_scale=160 max_epochs=3
# port: pretrained=False model.num_queries=100 parent=./dino-4scale_r50_72e_rafdb.py
_base_ = './dino-4scale_r50_72e_rafdb.py'

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
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
                        (96, 267),
                        (102, 267),
                        (109, 267),
                        (115, 267),
                        (122, 267),
                        (128, 267),
                        (134, 267),
                        (141, 267),
                        (147, 267),
                        (154, 267),
                        (160, 267),
                    ],
                    keep_ratio=True,
                ),
            ],
            [
                dict(
                    type='RandomChoiceResize',
                    scales=[(80, 840), (100, 840), (120, 840)],
                    keep_ratio=True,
                ),
                dict(
                    type='RandomCrop',
                    crop_type='absolute_range',
                    crop_size=(77, 120),
                    allow_negative_crop=True,
                ),
                dict(
                    type='RandomChoiceResize',
                    scales=[
                        (96, 267),
                        (102, 267),
                        (109, 267),
                        (115, 267),
                        (122, 267),
                        (128, 267),
                        (134, 267),
                        (141, 267),
                        (147, 267),
                        (154, 267),
                        (160, 267),
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
    dict(type='Resize', scale=(267, 160), keep_ratio=True),
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
            dict(type='RandomFlip', prob=0.5),
            dict(
                type='RandomChoice',
                transforms=[
                    [
                        dict(
                            type='RandomChoiceResize',
                            scales=[
                                (96, 267),
                                (102, 267),
                                (109, 267),
                                (115, 267),
                                (122, 267),
                                (128, 267),
                                (134, 267),
                                (141, 267),
                                (147, 267),
                                (154, 267),
                                (160, 267),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                    [
                        dict(
                            type='RandomChoiceResize',
                            scales=[(80, 840), (100, 840), (120, 840)],
                            keep_ratio=True,
                        ),
                        dict(
                            type='RandomCrop',
                            crop_type='absolute_range',
                            crop_size=(77, 120),
                            allow_negative_crop=True,
                        ),
                        dict(
                            type='RandomChoiceResize',
                            scales=[
                                (96, 267),
                                (102, 267),
                                (109, 267),
                                (115, 267),
                                (122, 267),
                                (128, 267),
                                (134, 267),
                                (141, 267),
                                (147, 267),
                                (154, 267),
                                (160, 267),
                            ],
                            keep_ratio=True,
                        ),
                    ],
                ],
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
            dict(type='Resize', scale=(267, 160), keep_ratio=True),
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
            dict(type='Resize', scale=(267, 160), keep_ratio=True),
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
model = dict(num_queries=100, backbone=dict(frozen_stages=-1, norm_eval=False, init_cfg=None))
max_epochs = 3
train_cfg = dict(max_epochs=3, val_interval=1)
pretrained_weights = dict(_delete_=True)
