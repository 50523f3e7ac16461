# Ablation of the main job (natten_deim_n_lite_synth_pretrained_8e_cls3.py): no neighborhood
# attention. The NAT blocks are the identity; the pre-trained landmark prior, DFPMs,
# refinements and fusion stay. Everything else is the main job's recipe.
_base_ = './natten_deim_n_lite_synth_pretrained_8e_cls3.py'

model = dict(neck=dict(use_attention=False))
