# RAF-DB at 320 x 320, the "face-size" input: RAF-DB's original images are mostly one face
# filling much of a frame a few hundred pixels wide, so 640 upsamples most of them; 320 keeps the
# face near its native size at a quarter of 640's compute. Only the scale changes: the two
# pipelines are face_detection.py's at this scale.
_base_ = './face_detection.py'

img_scale = (320, 320)
train_pipeline = [
    dict(type='MosaicAffine', img_scale=(img_scale[0] // 2, img_scale[1] // 2), prob=0.5,
         pad_val=0.0),
    dict(type='PhotoMetricDistortion'),
    dict(type='ZoomOut', prob=0.5),
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
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
