# Ablation ladder, rung 3 (docs/results.md): rung 4
# (natten-deim_hgnetv2-n-lite-prior-na_8e_synth.py) without the neighborhood attention: per
# level the landmark prior's DFPM, the projection and the refinement only.
_base_ = './natten-deim_hgnetv2-n-lite-prior-na_8e_synth.py'

model = dict(neck=dict(use_attention=False))
