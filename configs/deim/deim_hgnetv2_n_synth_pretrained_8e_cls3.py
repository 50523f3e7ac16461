# The DEIM-N baseline with the recipe of natten_deim/natten_deim_n_lite_synth_pretrained_8e_cls3.py
# (8 epochs, class loss x3, lr 1.6e-3); it has no landmark branch to pre-train.
_base_ = './deim_hgnetv2_n_synth_pretrained.py'

# ---------------- frequently modified ----------------
max_epochs = 8
cls_loss_weight = 3.0
base_lr = 1.6e-3
# -----------------------------------------------------

model = dict(bbox_head=dict(loss_cls=dict(loss_weight=cls_loss_weight)))
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=base_lr, fused=True))
