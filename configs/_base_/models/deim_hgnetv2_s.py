# DEIM-S exactly as DEIM builds it: HGNetV2-B0 on strides 8 / 16 / 32, HybridEncoder and
# decoder at 256 channels (CCFF expansion 0.5, depth 0.34), 3 + 6 + 3 sampling points.
_base_ = './deim_hgnetv2_n.py'

model = dict(
    backbone=dict(out_indices=(1, 2, 3)),
    neck=dict(in_channels=[256, 512, 1024], out_channels=256, feedforward_channels=1024,
              expansion=0.5, depth_mult=0.34),
    bbox_head=dict(transformer=dict(in_channels=[256, 256, 256], embed_dims=256,
                                    num_points=[3, 6, 3], feedforward_channels=1024)))
