# DEIM-M exactly as DEIM builds it: HGNetV2-B2, CCFF expansion 1.0 and depth 0.67, 4 decoder
# layers.
_base_ = './deim_hgnetv2_s.py'

model = dict(
    backbone=dict(arch='hgnetv2_b2'),
    neck=dict(in_channels=[384, 768, 1536], expansion=1.0, depth_mult=0.67),
    bbox_head=dict(transformer=dict(num_layers=4)))
