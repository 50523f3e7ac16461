# The DEIM baseline, size M: HGNetV2-B2, 256 channels, 4 decoder layers.
_base_ = './deim_hgnetv2_s.py'

model = dict(
    backbone=dict(arch='M'),
    neck=dict(in_channels=[384, 768, 1536], expand_ratio=1.0, num_csp_blocks=2),
    bbox_head=dict(num_layers=4))
