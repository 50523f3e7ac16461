# DEIM-N exactly as DEIM builds it (configs/deim_dfine/deim_hgnetv2_n_coco.yml): HGNetV2-B0 on
# strides 16 / 32 -> HybridEncoder (128 ch, AIFI on stride 32, RepNCSPELAN4 CCFF) -> DEIMHead
# (3 decoder layers, 6 + 6 sampling points, SiLU MLPs). Inputs are [0, 1] RGB, no mean / std,
# as DEIM's weights expect. The paper's "DEIM (Baseline)" row; S and M in deim_hgnetv2_{s,m}.py.
num_classes = 7

model = dict(
    type='DEIM',
    data_preprocessor=dict(
        type='DetDataPreprocessor',
        mean=[0.0, 0.0, 0.0],
        std=[255.0, 255.0, 255.0],
        bgr_to_rgb=True,
        pad_size_divisor=32,
        # Dense O2O's batch MixUp; DenseO2OHook enables it for the middle epochs only
        batch_augments=[dict(type='BatchMixUp', prob=0.5, enabled=False)]),
    backbone=dict(type='DualBranchBackbone', arch='hgnetv2_b0', out_indices=(2, 3),
                  with_lpb=False, lpb_frozen=False),
    neck=dict(
        type='HybridEncoder',
        in_channels=[512, 1024],
        out_channels=128,
        encoder_levels=[-1],
        num_heads=8,
        feedforward_channels=512,
        expansion=0.34,
        depth_mult=0.5),
    bbox_head=dict(
        type='DEIMHead',
        num_classes=num_classes,
        num_queries=300,
        transformer=dict(
            in_channels=[128, 128],
            embed_dims=128,
            num_heads=8,
            num_layers=3,
            num_points=[6, 6],
            feedforward_channels=512,
            act_cfg=dict(type='SiLU'),
            mlp_act_cfg=dict(type='SiLU'),
            eval_idx=-1),
        bbox_coder=dict(type='FDRCoder', reg_max=32, reg_scale=4.0, up=0.5),
        dn_cfg=dict(num_dn_queries=100, label_noise_scale=0.5, box_noise_scale=1.0),
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
    test_cfg=dict(max_per_img=100, clip_boxes=True))
# DistributedDataParallel must expect parameters without a gradient: the denoising label
# embedding's on a process whose batch has no face (no denoising queries then).
find_unused_parameters = True
