# The synthetic set as the main job trains on it: 1,200 training images of 1 to 3 faces each
# (2,450 faces, 3.5 times the default set's 700, for 1.7 times its images), 210 single-face
# test images, and DEIM's pipeline without zoom-out (a face of a 3-face image is 28-55 px wide;
# DEIM's zoom-out, up to 4x, would leave 7 px). The recipe that uses it drops batch MixUp too.
_base_ = './synth_fer_deim.py'
from mmfer.datasets.transforms.presets import deim_augmentations, deim_train_pipeline  # noqa: E402

data_root = 'data/synthetic_fer_multi/'
synthetic = dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3))
train_pipeline = deim_train_pipeline(_base_.img_scale, zoom_out=False)

train_dataloader = dict(dataset=dict(
    skip_type_keys=deim_augmentations(train_pipeline), pipeline=train_pipeline,
    dataset=dict(data_root=data_root, synthetic=synthetic)))
val_dataloader = dict(dataset=dict(data_root=data_root, synthetic=synthetic))
test_dataloader = val_dataloader
val_evaluator = [
    dict(type='ExpressionCocoMetric', ann_file=data_root + 'annotations/synth_test.json'),
    dict(type='ExpressionAccuracyMetric'),
]
test_evaluator = val_evaluator
