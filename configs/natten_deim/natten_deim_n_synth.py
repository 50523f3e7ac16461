# Natten-DEIM-N on the synthetic expression-face set (160 px, batch 8, 700 training images),
# DEIM's recipe shortened for the 2-core CPU (_base_/schedules/deim_dense_o2o_synth.py).
# (The main job, `make train-demo`, is natten_deim_n_lite_synth_pretrained_8e_cls3.py.)
_base_ = [
    '../_base_/models/natten_deim_n.py', '../_base_/datasets/synth_fer_deim.py',
    '../_base_/schedules/deim_dense_o2o_synth.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
lpb_unfreeze_epoch = 4  # the landmark branch trains from epoch 4 on
# 160 px gives 20x20 + 10x10 + 5x5 = 525 memory tokens: 100 queries, 50 denoising queries
num_queries = 100
# -----------------------------------------------------

model = dict(bbox_head=dict(num_queries=num_queries,
                            dn_cfg=dict(num_dn_queries=num_queries // 2)))
custom_hooks = _base_.custom_hooks + [
    dict(type='UnfreezeLPBHook', unfreeze_epoch=lpb_unfreeze_epoch)]
default_hooks = dict(logger=dict(interval=10))
