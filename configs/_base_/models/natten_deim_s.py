# Natten-DEIM-S: as N (HGNetV2-B0) with DEIM-S's widths: neck and decoder at 256 channels.
_base_ = './natten_deim_n.py'

model = dict(
    neck=dict(out_channels=256, num_heads=8),
    bbox_head=dict(transformer=dict(in_channels=[256, 256, 256], embed_dims=256,
                                    feedforward_channels=1024)))
