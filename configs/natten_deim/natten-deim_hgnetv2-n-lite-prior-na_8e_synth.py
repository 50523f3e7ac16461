# Ablation ladder, rung 4 (docs/results.md): the main job
# (natten-deim_hgnetv2-n-lite_8e_synth.py) without its global fusion: per level the landmark
# prior's DFPM and the neighborhood attention, no context shared across levels.
_base_ = './natten-deim_hgnetv2-n-lite_8e_synth.py'

model = dict(neck=dict(use_fusion=False))
