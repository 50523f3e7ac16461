# RAF-DB at 320 x 320, the "face-size" input: RAF-DB's original images are mostly a single face
# filling much of the frame, a few hundred pixels wide, so 640 upsamples most of them; 320 keeps
# the face near its native size, at a quarter of 640's compute. Only the scale changes: the
# pipelines are rafdb_deim.py's, rebuilt for it.
_base_ = './rafdb_deim.py'
from mmfer.datasets.transforms.presets import deim_test_pipeline, deim_train_pipeline  # noqa: E402

img_scale = (320, 320)
train_pipeline = deim_train_pipeline(img_scale)
test_pipeline = deim_test_pipeline(img_scale)

train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
