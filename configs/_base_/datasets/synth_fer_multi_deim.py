# The synthetic set as the main job trains on it: 1,200 training images of 1 to 3 faces each
# (2,450 faces, 3.5 times the default set's 700, for 1.7 times its images), 210 single-face
# test images, and DEIM's pipeline without zoom-out (a face of a 3-face image is 28-55 px wide;
# DEIM's zoom-out, up to 4x, would leave 7 px). The recipe that uses it drops batch MixUp too.
_base_ = './synth_fer_deim.py'

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
train_dataloader = dict(dataset=dict(
    skip_type_keys=('MosaicAffine', 'PhotoMetricDistortion', 'IoUCrop'), pipeline=train_pipeline,
    dataset=dict(data_root=data_root, synthetic=synthetic)))
val_dataloader = dict(dataset=dict(data_root=data_root, synthetic=synthetic))
test_dataloader = val_dataloader
val_evaluator = [
    dict(type='ExpressionCocoMetric', ann_file=data_root + 'annotations/synth_test.json'),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = val_evaluator
