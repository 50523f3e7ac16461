# The v1 recipe (the main job until the landmark branch was pre-trained too; the main job is now
# natten_deim_n_lite_synth_pretrained_8e_cls3.py): Natten-DEIM-N on the multi-face synthetic set
# (_base_/datasets/synth_fer_multi_deim.py), its expression branch pre-trained first as a
# classifier of the training set's face crops (`make pretrained`, cached), then DEIM's recipe
# over 5 epochs, 750 iterations (_base_/schedules/deim_synth_pretrained.py). The landmark branch
# trains with the detector from the start: pre-training it on the crops' landmarks
# (tools/misc/train_lpb_landmarks.py) takes 3 minutes an epoch here, 90 for its 30 epochs.
_base_ = [
    '../_base_/models/natten_deim_n.py', '../_base_/datasets/synth_fer_multi_deim.py',
    '../_base_/schedules/deim_synth_pretrained.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
max_epochs = 5
base_lr = 8e-4
ebb_pretrained = 'work_dirs/pretrained/synth_multi_hgnetv2_b0_expression.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(ebb_pretrained=ebb_pretrained, lpb_frozen=False),
    # no batch MixUp (DenseO2OHook would enable it): blending two faces blurs the very cue the
    # expressions differ in
    data_preprocessor=dict(batch_augments=[]),
    # 160 px gives 20x20 + 10x10 + 5x5 = 525 memory tokens: 100 queries, 50 denoising queries
    bbox_head=dict(num_queries=100, dn_cfg=dict(num_dn_queries=50)))
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=base_lr))
default_hooks = dict(logger=dict(interval=10))
