# The DEIM-N baseline of the main job (natten_deim/natten-deim_hgnetv2-n-lite_8e_synth.py),
# with its recipe, data and pre-trained expression branch; DEIM-N has no landmark branch.
_base_ = [
    '../_base_/models/deim_hgnetv2_n.py', '../_base_/datasets/synth.py',
    '../_base_/schedules/deim_recipe_8e_synth.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
ebb_pretrained = 'work_dirs/pretrained/expression/expression_branch.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(ebb_pretrained=ebb_pretrained),
    data_preprocessor=dict(batch_augments=[]),
    bbox_head=dict(num_queries=100, dn_cfg=dict(num_dn_queries=50),
                   loss_cls=dict(loss_weight=3.0)))
