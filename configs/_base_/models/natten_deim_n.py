# Natten-DEIM-N: DEIM-N with the paper's two changes: DualBranchBackbone (HGNetV2-B0 on strides
# 8 / 16 / 32 + the MobileFaceNet landmark prior) and DFPMNattenNeck (128 ch; 8 heads in the
# neighborhood attention and the global fusion, as the paper and DEIM-N's encoder have) in
# place of HGNetV2 + HybridEncoder; the DEIMHead is DEIM-N's on three levels (3 + 6 + 3
# points, the same number of sampling-offset weights as DEIM-N's 6 + 6, so DEIM-N's decoder
# weights fit).
# Sizes follow DEIM-N where the paper is silent (docs/design.md); S and M in
# natten_deim_{s,m}.py. The landmark branch is loaded from `lpb_checkpoint` if given.
_base_ = './deim_hgnetv2_n.py'

model = dict(
    backbone=dict(
        arch='hgnetv2_b0',
        out_indices=(1, 2, 3),
        with_lpb=True,
        lpb_checkpoint=None,
        lpb_frozen=True,
        # the detector's input is [0, 1] RGB; POSTER++'s MobileFaceNet reads ImageNet-normalised
        lpb_mean=[0.485, 0.456, 0.406],
        lpb_std=[0.229, 0.224, 0.225]),
    neck=dict(
        _delete_=True,
        type='DFPMNattenNeck',
        in_channels=[256, 512, 1024],
        prior_channels=[64, 128, 512],
        out_channels=128,
        num_outs=3,
        kernel_sizes=(7, 5, 3),
        num_heads=8),
    bbox_head=dict(transformer=dict(in_channels=[128, 128, 128], num_points=[3, 6, 3])))
# DistributedDataParallel must also expect the frozen landmark branch's parameters without a
# gradient.
find_unused_parameters = True
