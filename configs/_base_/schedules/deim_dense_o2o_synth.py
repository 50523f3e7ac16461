# DEIM's recipe for the synthetic set on a 2-core CPU, from scratch (no pretrained weights):
# the proportions of the DEIM schedule (warm-up, flat, cosine, final plain phase; the data
# policy; the EMA window) over a short run, with the backbone at the full lr, since it trains
# from scratch.
_base_ = './deim_dense_o2o.py'

max_epochs = 24

train_cfg = dict(max_epochs=max_epochs, val_interval=4)
optim_wrapper = dict(
    optimizer=dict(lr=8e-4),
    paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=1.0)}))
# AdamW from scratch needs a longer warm-up than DEIM's 1.4 % of a pretrained run
param_scheduler = [
    dict(type='FlatCosineLR', warmup_ratio=0.05, flat_ratio=0.5, no_aug_ratio=0.17,
         min_ratio=0.1, by_epoch=True, convert_to_iter_based=True),
]
custom_hooks = [
    dict(type='RunLengthEMAHook', window_ratio=0.07, warmup_ratio=0.05, update_buffers=True,
         priority=49),
    dict(type='DenseO2OHook', policy_ratios=(0.08, 0.5, 0.83)),
]
