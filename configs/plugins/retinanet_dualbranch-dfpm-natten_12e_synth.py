# Natten-DEIM's backbone and neck (HGNetV2-B0 + MobileFaceNet prior, DFPM + neighborhood
# attention) under a stock RetinaNet head: the dual-branch design without the DEIM head.
# The landmark branch starts frozen and trains from epoch `lpb_unfreeze_epoch` on; set
# `lpb_checkpoint` to a landmark_branch.pth of configs/pretrain/ (or POSTER++'s file).
_base_ = '../retinanet/retinanet_r18_fpn_12e_synth.py'

# ---- frequently modified parameters ----
lpb_checkpoint = None
lpb_unfreeze_epoch = 6
neck_channels = 128
# -----------------------------------------

model = dict(
    backbone=dict(
        _delete_=True,
        type='DualBranchBackbone',
        arch='N',
        lpb_checkpoint=lpb_checkpoint,
        lpb_frozen=True),
    neck=dict(
        _delete_=True,
        type='DFPMNattenNeck',
        in_channels=[256, 512, 1024],
        prior_channels=[64, 128, 512],
        out_channels=neck_channels,
        num_outs=4,
        kernel_sizes=(7, 5, 3)),
    bbox_head=dict(in_channels=neck_channels, feat_channels=neck_channels))

custom_hooks = [dict(type='UnfreezeLPBHook', unfreeze_epoch=lpb_unfreeze_epoch)]
