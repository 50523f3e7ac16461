# The DEIM baseline, size S, on RAF-DB at 320 x 320, with DEIM's own recipe (AdamW, EMA,
# Dense O2O phases, warm-up + flat + cosine lr; 72 epochs, batch 32 = 4 x 8):
# _base_/schedules/deim_dense_o2o.py.
_base_ = [
    '../_base_/models/deim_hgnetv2_s.py', '../_base_/datasets/rafdb_deim_320.py',
    '../_base_/schedules/deim_dense_o2o.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
ebb_pretrained = None  # HGNetV2 ImageNet weights (timm or DEIM's file) or a DEIM detector
train_batch_size_per_gpu = 8  # x 4 GPUs = DEIM's batch 32, the batch its lr is set for
# -----------------------------------------------------

model = dict(backbone=dict(ebb_pretrained=ebb_pretrained))
train_dataloader = dict(batch_size=train_batch_size_per_gpu)
