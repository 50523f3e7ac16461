# Natten-DEIM-N-lite on the v1 recipe (natten_deim_n_synth_pretrained.py): the neck of
# _base_/models/natten_deim_n_lite.py (64 channels, the DFPMs after the projection), at 1.26x
# DEIM-N's latency at 640 px where Natten-DEIM-N takes 1.61x (benchmarks/natten_deim_cost.py);
# over three seeds 58.0 mAP50 (spread 8.9) against Natten-DEIM-N's 53.4 (README). The main job,
# natten_deim_n_lite_synth_pretrained_8e_cls3.py, builds on it.
_base_ = './natten_deim_n_synth_pretrained.py'

model = dict(
    neck=dict(out_channels=64, num_heads=2, dfpm_position='projection'),
    bbox_head=dict(transformer=dict(in_channels=[64, 64, 64])))
