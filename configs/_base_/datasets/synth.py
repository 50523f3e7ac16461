# The synthetic expression faces the main job trains on (made on first use, deterministic by
# seed; docs/get_started.md): 1,200 training images of 1 to 3 faces each (2,450 faces), 210
# single-face test images, 160 px, batch 8, DEIM's pipeline without zoom-out (a face of a 3-face
# image is 28-55 px wide; zoom-out, up to 4x, would leave 7 px). The set has no validation
# split: checkpoints are read on the test split, which is what its figures report.
_base_ = './face_detection.py'
from mmfer.datasets.transforms.presets import (  # noqa: E402
    deim_augmentations,
    deim_test_pipeline,
    deim_train_pipeline,
)

dataset_type = 'SyntheticFERDataset'
data_root = 'data/synthetic_fer_multi/'
synthetic = dict(seed=0, img_size=160, num_train=1200, num_test=210, faces_per_image=(1, 3))
img_scale = (160, 160)
train_pipeline = deim_train_pipeline(img_scale, zoom_out=False)
test_pipeline = deim_test_pipeline(img_scale)

train_dataloader = dict(
    num_workers=2,
    dataset=dict(
        skip_type_keys=deim_augmentations(train_pipeline),
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
