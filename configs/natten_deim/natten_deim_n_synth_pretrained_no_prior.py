# Ablation of the v1 recipe's Natten-DEIM-N (natten_deim_n_synth_pretrained.py): no landmark
# prior. No landmark branch, and the DFPMs have no prior to gate with (the neck as it drops
# into other detectors); the neighborhood attention and the fusion stay.
_base_ = './natten_deim_n_synth_pretrained.py'

model = dict(backbone=dict(with_lpb=False), neck=dict(prior_channels=None))
find_unused_parameters = False
