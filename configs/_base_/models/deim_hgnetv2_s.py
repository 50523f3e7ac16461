# The DEIM baseline, size S: HGNetV2-B0, HybridEncoder and decoder at 256 channels.
_base_ = './deim_hgnetv2_n.py'

model = dict(
    neck=dict(out_channels=256, feedforward_channels=1024, expand_ratio=0.5),
    bbox_head=dict(in_channels=[256, 256, 256], embed_dims=256, feedforward_channels=1024))
