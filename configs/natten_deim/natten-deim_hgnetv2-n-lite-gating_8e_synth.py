# Ablation ladder, rung 2 (docs/results.md): rung 3
# (natten-deim_hgnetv2-n-lite-prior_8e_synth.py) without the landmark branch: the DFPMs gate
# each map with itself (the neck as it drops into other detectors). Against rung 1 it swaps
# DEIM's encoder (AIFI + CCFF) for this neck.
_base_ = './natten-deim_hgnetv2-n-lite-prior_8e_synth.py'

model = dict(backbone=dict(with_lpb=False, lpb_checkpoint=None), neck=dict(prior_channels=None))
find_unused_parameters = False
