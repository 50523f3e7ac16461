# The face-detection data every mmfer recipe trains on, written once: a COCO file per split in
# the layout of mmfer's converters (a box per face, the expression as its category, 5 landmarks
# as keypoints), DEIM's pipeline (a square resize, no keep-ratio; Mosaic + affine, photometric
# distortion, zoom-out and IoU crop in a MultiImageMixDataset, all off until DenseO2OHook turns
# them on: a recipe without that hook trains on flipped and resized images only), checkpoints
# chosen on `val`, `test` evaluated once by tools/test.py. Its data is RAF-DB basic converted by
# tools/dataset_converters/rafdb2coco.py (docs/rafdb.md); synth.py and rafdb_320.py change only
# the data, the scale and the batch. The evaluators read the ground truth of the dataset they
# score (ExpressionCocoMetric), so `--cfg-options data_root=DIR` moves training and evaluation
# together. A child that changes img_scale restates the two pipelines (rafdb_320.py).

dataset_type = 'RAFDBDataset'
data_root = 'data/rafdb/'
img_prefix = 'Image/original/'
img_scale = (640, 640)
batch_size = 8
backend_args = None

train_pipeline = [
    # the mosaic tiles four images at half the output size each (DEIM's output_size)
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
    dict(type='LoadImageFromFile', backend_args=backend_args),
    dict(type='Resize', scale=img_scale, keep_ratio=False),
    dict(type='LoadAnnotations', with_bbox=True),
    dict(type='PackDetInputs',
         meta_keys=('img_id', 'img_path', 'ori_shape', 'img_shape', 'scale_factor')),
]

train_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiImageMixDataset',
        # the augmentations DenseO2OHook switches by stage, off until it turns them on
        skip_type_keys=('MosaicAffine', 'PhotoMetricDistortion', 'ZoomOut', 'IoUCrop'),
        pipeline=train_pipeline,
        dataset=dict(
            type=dataset_type,
            data_root=data_root,
            ann_file='annotations/rafdb_train.json',
            data_prefix=dict(img=img_prefix),
            filter_cfg=dict(filter_empty_gt=False, min_size=8),
            pipeline=[dict(type='LoadImageFromFile', backend_args=backend_args),
                      dict(type='LoadAnnotations', with_bbox=True)],
            backend_args=backend_args)))
val_dataloader = dict(
    batch_size=batch_size,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/rafdb_val.json',
        data_prefix=dict(img=img_prefix),
        test_mode=True,
        pipeline=test_pipeline,
        backend_args=backend_args))
test_dataloader = dict(val_dataloader, dataset=dict(val_dataloader['dataset'],
                                                    ann_file='annotations/rafdb_test.json'))

# COCO's AP50 (101 recall points, 100 detections an image) and VOC's (every detection, all
# points), the FER-YOLO papers' rule: docs/rafdb.md says which to compare with which figure
val_evaluator = [dict(type='ExpressionCocoMetric', backend_args=backend_args),
                 dict(type='ExpressionVOCMetric', backend_args=backend_args),
                 dict(type='ExpressionAccuracyMetric')]
test_evaluator = val_evaluator
