# Natten-DEIM-M: HGNetV2-B2, 256 channels, 4 decoder layers (DEIM-M's sizes).
_base_ = './natten_deim_s.py'

model = dict(
    backbone=dict(arch='hgnetv2_b2'),
    neck=dict(in_channels=[384, 768, 1536]),
    bbox_head=dict(transformer=dict(num_layers=4)))
