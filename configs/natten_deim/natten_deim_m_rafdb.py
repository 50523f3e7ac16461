# Natten-DEIM-M on RAF-DB at 640 x 640, the paper's recipe (SGD, lr 1e-3 at batch 256 = 8 x 32,
# lr x0.1 at 60 % / 80 %, landmark branch frozen until epoch 10): _base_/schedules/sgd_paper.py.
# Set lpb_checkpoint to POSTER++'s mobilefacenet_model_best.pth.tar or to a checkpoint from
# tools/misc/train_lpb_landmarks.py on this config.
_base_ = [
    '../_base_/models/natten_deim_m.py', '../_base_/datasets/rafdb_deim.py',
    '../_base_/schedules/sgd_paper.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
lpb_checkpoint = None  # landmark branch: POSTER++'s file or train_lpb_landmarks.py's
ebb_pretrained = None  # expression branch: HGNetV2 ImageNet weights or a DEIM detector
train_batch_size_per_gpu = 32  # x 8 GPUs = the paper's batch 256, the batch its lr is for
# -----------------------------------------------------

model = dict(backbone=dict(lpb_checkpoint=lpb_checkpoint, ebb_pretrained=ebb_pretrained))
train_dataloader = dict(batch_size=train_batch_size_per_gpu)
