# Ablation ladder, rung 1 (docs/results.md): DEIM-N (deim_hgnetv2-n_8e_synth.py) with the
# stride-8 level that Natten-DEIM has: HGNetV2-B0's strides 8 / 16 / 32 into the HybridEncoder
# (AIFI on stride 32, CCFF over the three), the decoder on three levels (3 + 6 + 3 points).
_base_ = './deim_hgnetv2-n_8e_synth.py'

model = dict(
    backbone=dict(out_indices=(1, 2, 3)),
    neck=dict(in_channels=[256, 512, 1024]),
    bbox_head=dict(transformer=dict(in_channels=[128, 128, 128], num_points=[3, 6, 3])))
