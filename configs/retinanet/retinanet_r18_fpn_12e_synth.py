# Stock MMDetection RetinaNet (ResNet-18 + FPN, trained from scratch: no weights can be
# downloaded here) on the synthetic expression faces: the pipeline's proof before Natten-DEIM.
_base_ = [
    '../_base_/datasets/synth_fer_detection.py',
    '../_base_/schedules/sgd_12e.py',
    '../_base_/default_runtime.py',
]

# ---- frequently modified parameters ----
num_classes = 7
max_epochs = 12
base_lr = 0.01
# -----------------------------------------

model = dict(
    type='RetinaNet',
    data_preprocessor=dict(
        type='DetDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_size_divisor=32),
    backbone=dict(
        type='ResNet',
        depth=18,
        num_stages=4,
        out_indices=(1, 2, 3),
        frozen_stages=-1,
        norm_cfg=dict(type='BN', requires_grad=True),
        norm_eval=False,
        style='pytorch'),
    neck=dict(
        type='FPN',
        in_channels=[128, 256, 512],
        out_channels=128,
        start_level=0,
        add_extra_convs='on_input',
        num_outs=4),
    bbox_head=dict(
        type='RetinaHead',
        num_classes=num_classes,
        in_channels=128,
        stacked_convs=2,
        feat_channels=128,
        anchor_generator=dict(
            type='AnchorGenerator',
            octave_base_scale=4,
            scales_per_octave=3,
            ratios=[0.8, 1.0, 1.25],
            strides=[8, 16, 32, 64]),
        bbox_coder=dict(
            type='DeltaXYWHBBoxCoder',
            target_means=[.0, .0, .0, .0],
            target_stds=[1.0, 1.0, 1.0, 1.0]),
        loss_cls=dict(
            type='FocalLoss', use_sigmoid=True, gamma=2.0, alpha=0.25, loss_weight=1.0),
        loss_bbox=dict(type='L1Loss', loss_weight=1.0)),
    train_cfg=dict(
        assigner=dict(
            type='MaxIoUAssigner',
            pos_iou_thr=0.5,
            neg_iou_thr=0.4,
            min_pos_iou=0,
            ignore_iof_thr=-1),
        sampler=dict(type='PseudoSampler'),
        allowed_border=-1,
        pos_weight=-1,
        debug=False),
    test_cfg=dict(
        nms_pre=1000,
        min_bbox_size=0,
        score_thr=0.05,
        nms=dict(type='nms', iou_threshold=0.5),
        max_per_img=20))

train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=base_lr))
