# The DEIM-N baseline with the v1 recipe (natten_deim/natten_deim_n_synth_pretrained.py):
# the same data, schedule and pre-trained expression branch; the baseline has no landmark branch.
_base_ = [
    '../_base_/models/deim_hgnetv2_n.py', '../_base_/datasets/synth_fer_multi_deim.py',
    '../_base_/schedules/deim_synth_pretrained.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
max_epochs = 5
base_lr = 8e-4
ebb_pretrained = 'work_dirs/pretrained/synth_multi_hgnetv2_b0_expression.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(ebb_pretrained=ebb_pretrained),
    # no batch MixUp, as Natten-DEIM-N
    data_preprocessor=dict(batch_augments=[]),
    bbox_head=dict(num_queries=100, dn_cfg=dict(num_dn_queries=50)))
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=base_lr))
default_hooks = dict(logger=dict(interval=10))
