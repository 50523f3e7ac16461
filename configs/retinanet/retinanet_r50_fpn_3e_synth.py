# RetinaNet (Lin et al., ICCV 2017): ResNet-50 + FPN, MMDetection's 1x recipe (SGD, flip only).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
# port: recipe=mmdet::retinanet/retinanet_r50_fpn_1x_coco.py data=synth img_scale=160 max_epochs=3
# port: pretrained=False parent=./retinanet_r50_fpn_72e_rafdb.py
_base_ = './retinanet_r50_fpn_72e_rafdb.py'

model = dict(backbone=dict(frozen_stages=-1, norm_eval=False, init_cfg=None))
dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Resize', scale=(267, 160), keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
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
            dict(type='Resize', scale=(267, 160), keep_ratio=True),
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
train_cfg = dict(max_epochs=3, val_interval=1)
img_scales = [(267, 160), (133, 80), (400, 240)]
tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale=(267, 160), keep_ratio=True),
                dict(type='Resize', scale=(133, 80), keep_ratio=True),
                dict(type='Resize', scale=(400, 240), keep_ratio=True),
            ],
            [dict(type='RandomFlip', prob=1.0), dict(type='RandomFlip', prob=0.0)],
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
pretrained_weights = dict(_delete_=True)
