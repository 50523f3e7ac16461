# The synthetic expression faces the main job trains on (made on first use, deterministic by
# seed; docs/get_started.md): 1,200 training images of 1 to 3 faces each (2,450 faces), 210
# single-face test images, 160 px, batch 8, DEIM's pipeline without zoom-out (a face of a 3-face
# image is 28-55 px wide; zoom-out, up to 4x, would leave 7 px). The set has no validation
# split: checkpoints are read on the test split, which is what its figures report.
_base_ = './face_detection.py'

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
synthetic = dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3))
img_scale = (160, 160)
train_pipeline = [
    dict(type='MosaicAffine', img_scale=(img_scale[0] // 2, img_scale[1] // 2), prob=0.5,
         pad_val=0.0),
    dict(type='PhotoMetricDistortion'),
    dict(type='IoUCrop', prob=0.8),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='Resize', scale=img_scale, keep_ratio=False),
    dict(type='FilterAnnotations', min_gt_bbox_wh=(1, 1), keep_empty=False),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=img_scale, keep_ratio=False),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')),
]

train_dataloader = dict(
    num_workers=2,
    dataset=dict(
        skip_type_keys=('MosaicAffine', 'PhotoMetricDistortion', 'IoUCrop'),
        pipeline=train_pipeline,
        dataset=dict(type=dataset_type, data_root=data_root, synthetic=synthetic,
                     ann_file='annotations/synth_train.json',
                     data_prefix=dict(img='images/train/'))))
val_dataloader = dict(
    num_workers=2,
    dataset=dict(type=dataset_type, data_root=data_root, synthetic=synthetic,
                 ann_file='annotations/synth_test.json', data_prefix=dict(img='images/test/'),
                 pipeline=test_pipeline))
test_dataloader = val_dataloader
