# Ablation of the v1 recipe's Natten-DEIM-N (natten_deim_n_synth_pretrained.py): no neighborhood
# attention. The NAT blocks are the identity; the landmark prior, DFPMs, refinements and
# fusion stay.
_base_ = './natten_deim_n_synth_pretrained.py'

model = dict(neck=dict(use_attention=False))
