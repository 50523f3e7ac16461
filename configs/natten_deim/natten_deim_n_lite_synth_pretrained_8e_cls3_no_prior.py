# Ablation of the main job (natten_deim_n_lite_synth_pretrained_8e_cls3.py): no landmark prior.
# No landmark branch (so no landmark pre-training either), and the DFPMs have no prior to gate
# with (the neck as it drops into other detectors); the neighborhood attention and the fusion
# stay. Everything else is the main job's recipe.
_base_ = './natten_deim_n_lite_synth_pretrained_8e_cls3.py'

model = dict(
    backbone=dict(with_lpb=False, lpb_checkpoint=None),
    neck=dict(prior_channels=None))
find_unused_parameters = False
