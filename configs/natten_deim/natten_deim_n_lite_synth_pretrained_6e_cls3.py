# Natten-DEIM-N-lite with both branches pre-trained, 6 epochs, class loss x3. The landmark
# branch starts from its landmark pre-training on the training set's face crops (`make
# pretrained` makes it once: tools/misc/train_lpb_landmarks.py, 8 epochs) and stays frozen, as
# the paper's pre-trained LPB: with no backward pass through it a step costs less, which buys
# the sixth epoch inside the 30 minutes. The class loss weighs 3x (DEIM's 1x): the faces are
# found early; the expression, which only the class score carries, is what is slow to learn.
_base_ = './natten_deim_n_lite_synth_pretrained.py'

# ---------------- frequently modified ----------------
max_epochs = 6
cls_loss_weight = 3.0
lpb_checkpoint = 'work_dirs/pretrained/synth_multi_mobilefacenet_landmarks.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(lpb_checkpoint=lpb_checkpoint, lpb_frozen=True),
    bbox_head=dict(loss_cls=dict(loss_weight=cls_loss_weight)))
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(fused=True))
