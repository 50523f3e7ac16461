# Natten-DEIM-N-lite with both branches pre-trained, 8 epochs, class loss x3. The landmark
# branch starts from its landmark pre-training on the training set's face crops (`make
# pretrained` makes it once: tools/misc/train_lpb_landmarks.py, 8 epochs) and stays frozen, as
# the paper's pre-trained LPB: with no backward pass through it a step costs less, which buys
# epochs inside the 30 minutes. 8 epochs, not 6: over three seeds on two sets of pre-trained
# branches the mean rose from 80.1 and 88.1 to 85.9 and 90.8 mAP50 (README, "The recipe at 6
# epochs"). The class loss weighs 3x (DEIM's 1x): the faces are found early; the expression,
# which only the class score carries, is what is slow to learn.
# The lr is twice the v1 recipe's 8e-4: over three seeds it lifted the final mAP50 on every seed
# (README, "The previous recipe: lr 8e-4").
_base_ = './natten_deim_n_lite_synth_pretrained.py'

# ---------------- frequently modified ----------------
max_epochs = 8
cls_loss_weight = 3.0
base_lr = 1.6e-3
lpb_checkpoint = 'work_dirs/pretrained/synth_multi_mobilefacenet_landmarks.pth'
# -----------------------------------------------------

model = dict(
    backbone=dict(lpb_checkpoint=lpb_checkpoint, lpb_frozen=True),
    bbox_head=dict(loss_cls=dict(loss_weight=cls_loss_weight)))
train_cfg = dict(max_epochs=max_epochs)
optim_wrapper = dict(optimizer=dict(lr=base_lr, fused=True))
