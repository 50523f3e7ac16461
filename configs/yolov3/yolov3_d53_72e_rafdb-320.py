# YOLOv3 (Redmon and Farhadi, 2018): DarkNet-53, MMDetection's recipe (SGD, Expand +
# MinIoURandomCrop, multi-scale, photometric distortion); anchors scaled with the input.
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
# port: recipe=mmdet::yolo/yolov3_d53_8xb8-ms-416-273e_coco.py data=rafdb img_scale=320
# port: max_epochs=72 parent=./yolov3_d53_72e_rafdb.py
_base_ = './yolov3_d53_72e_rafdb.py'

model = dict(
    bbox_head=dict(
        anchor_generator=dict(
            base_sizes=[
                [(89, 69), (120, 152), (287, 251)],
                [(23, 47), (48, 35), (45, 92)],
                [(8, 10), (12, 23), (25, 18)],
            ],
        ),
    ),
)
train_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='Expand', mean=[0, 0, 0], to_rgb=True, ratio_range=(1, 2)),
    dict(type='MinIoURandomCrop', min_ious=(0.4, 0.5, 0.6, 0.7, 0.8, 0.9), min_crop_size=0.3),
    dict(type='RandomResize', scale=[(246, 246), (320, 320)], keep_ratio=True),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackDetInputs'),
]
test_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(type='Resize', scale=(320, 320), keep_ratio=True),
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
            dict(type='Expand', mean=[0, 0, 0], to_rgb=True, ratio_range=(1, 2)),
            dict(
                type='MinIoURandomCrop',
                min_ious=(0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                min_crop_size=0.3,
            ),
            dict(type='RandomResize', scale=[(246, 246), (320, 320)], keep_ratio=True),
            dict(type='RandomFlip', prob=0.5),
            dict(type='PhotoMetricDistortion'),
            dict(type='PackDetInputs'),
        ],
    ),
)
val_dataloader = dict(
    dataset=dict(
        pipeline=[
            dict(type='LoadImageFromFile', backend_args=None),
            dict(type='Resize', scale=(320, 320), keep_ratio=True),
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
            dict(type='Resize', scale=(320, 320), keep_ratio=True),
            dict(type='LoadAnnotations', with_bbox=True),
            dict(
                type='PackDetInputs',
                meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor'),
            ),
        ],
    ),
)
