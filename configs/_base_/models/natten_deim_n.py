# Natten-DEIM-N: DualBranchBackbone (HGNetV2-B0 + MobileFaceNet prior) -> DFPMNattenNeck (128 ch)
# -> DEIMHead (3 decoder layers). Sizes follow DEIM-N where the paper is silent (DESIGN.md);
# S and M in natten_deim_{s,m}.py. The landmark branch is loaded from `lpb_checkpoint` if given.
num_classes = 7

model = dict(
    type='DEIM',
    data_preprocessor=dict(
        type='DetDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True,
        pad_size_divisor=32,
        # Dense O2O's batch MixUp; DenseO2OHook enables it for the middle epochs only
        batch_augments=[dict(type='BatchMixUp', prob=0.5, enabled=False)]),
    backbone=dict(
        type='DualBranchBackbone',
        arch='N',
        out_indices=(1, 2, 3),
        lpb_checkpoint=None,
        lpb_frozen=True),
    neck=dict(
        type='DFPMNattenNeck',
        in_channels=[256, 512, 1024],
        prior_channels=[64, 128, 512],
        out_channels=128,
        num_outs=3,
        kernel_sizes=(7, 5, 3),
        num_heads=4),
    bbox_head=dict(
        type='DEIMHead',
        num_classes=num_classes,
        in_channels=[128, 128, 128],
        embed_dims=128,
        num_heads=8,
        num_layers=3,
        num_points=[3, 6, 3],
        feedforward_channels=512,
        num_queries=300,
        reg_max=32,
        reg_scale=4.0,
        num_dn_queries=100,
        label_noise_scale=0.5,
        box_noise_scale=1.0,
        loss_cls=dict(type='MALLoss', gamma=1.5, loss_weight=1.0),
        loss_bbox=dict(type='mmdet.L1Loss', loss_weight=5.0),
        loss_iou=dict(type='mmdet.GIoULoss', loss_weight=2.0),
        loss_fgl=dict(type='FGLLoss', loss_weight=0.15),
        loss_ddf=dict(type='DDFLoss', temperature=5.0, loss_weight=1.5)),
    train_cfg=dict(
        assigner=dict(
            type='HungarianAssigner',
            match_costs=[
                dict(type='FocalLossCost', alpha=0.25, gamma=2.0, weight=2.0),
                dict(type='BBoxL1Cost', weight=5.0, box_format='xywh'),
                dict(type='IoUCost', iou_mode='giou', weight=2.0),
            ]),
        use_union_matching=True),
    test_cfg=dict(max_per_img=100))
# DistributedDataParallel must expect parameters without a gradient: the frozen landmark
# branch's, and the denoising label embedding's on a process whose batch has no face (no
# denoising queries then). The DEIM baseline inherits this for the second reason.
find_unused_parameters = True
