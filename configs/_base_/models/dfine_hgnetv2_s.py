# D-FINE-S: DEIM-S's architecture with ReLU in the decoder's FFNs, LQE and MLPs (DEIM
# changed them to SiLU). For D-FINE's converted checkpoints; training it uses DEIM's losses.
_base_ = './deim_hgnetv2_s.py'

model = dict(bbox_head=dict(transformer=dict(act_cfg=dict(type='ReLU'),
                                             mlp_act_cfg=dict(type='ReLU'))))
