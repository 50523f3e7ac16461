# The DEIM baseline, size N: HGNetV2-B0 alone (no landmark branch) -> HybridEncoder (AIFI + CCFF,
# 128 ch) -> the same DEIMHead as Natten-DEIM. The paper's "DEIM (Baseline)" row.
_base_ = './natten_deim_n.py'

model = dict(
    backbone=dict(with_lpb=False, lpb_checkpoint=None, lpb_frozen=False),
    neck=dict(
        _delete_=True,
        type='HybridEncoder',
        in_channels=[256, 512, 1024],
        out_channels=128,
        num_heads=8,
        feedforward_channels=512,
        expand_ratio=0.34,
        num_csp_blocks=1))
