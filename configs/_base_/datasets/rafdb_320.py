# RAF-DB at 320 x 320, the "face-size" input: RAF-DB's original images are mostly one face
# filling much of a frame a few hundred pixels wide, so 640 upsamples most of them; 320 keeps the
# face near its native size at a quarter of 640's compute. Only the scale changes.
_base_ = './face_detection.py'
from mmfer.datasets.transforms.presets import deim_test_pipeline, deim_train_pipeline  # noqa: E402

img_scale = (320, 320)
train_dataloader = dict(dataset=dict(pipeline=deim_train_pipeline(img_scale)))
val_dataloader = dict(dataset=dict(pipeline=deim_test_pipeline(img_scale)))
test_dataloader = val_dataloader
