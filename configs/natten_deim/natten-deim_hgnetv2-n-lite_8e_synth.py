# The main job (`make train-demo`): Natten-DEIM-N-lite on the synthetic set, both branches
# pre-trained on its face crops (`make pretrained`: configs/pretrain/), the landmark branch
# frozen as the paper's pre-trained LPB (a step without its backward pass costs less), DEIM's
# recipe over 8 epochs (_base_/schedules/deim_recipe_8e_synth.py), the class loss x3 (the faces
# are found early; the expression, which only the class score carries, is slow to learn), no
# batch MixUp (blending two faces blurs the very cue the expressions differ in), and 100 queries
# (160 px gives 20x20 + 10x10 + 5x5 = 525 memory tokens). configs/natten_deim/README.md has
# its figures; deim/deim_hgnetv2-n_8e_synth.py is its baseline with the same recipe.
_base_ = [
    '../_base_/models/natten_deim_n_lite.py', '../_base_/datasets/synth.py',
    '../_base_/schedules/deim_recipe_8e_synth.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
ebb_pretrained = 'work_dirs/pretrained/expression/expression_branch.pth'
lpb_checkpoint = 'work_dirs/pretrained/landmarks/landmark_branch.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(ebb_pretrained=ebb_pretrained, lpb_checkpoint=lpb_checkpoint, lpb_frozen=True),
    data_preprocessor=dict(batch_augments=[]),
    bbox_head=dict(num_queries=100, dn_cfg=dict(num_dn_queries=50),
                   loss_cls=dict(loss_weight=3.0)))
