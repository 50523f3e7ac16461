# DEIM's recipe: AdamW (backbone at half the lr, no decay on norms and biases), gradient clipping
# at 0.1, EMA of the weights, and a warm-up + flat + cosine lr schedule with Dense O2O phases:
#   [0, dense_o2o_start)          warm-up epochs, plain images
#   [dense_o2o_start, flat_end)   Mosaic + MixUp on, flat lr
#   [flat_end, dense_o2o_stop)    Mosaic + MixUp on, lr cosine-decays to lr_min_ratio * lr
#   [dense_o2o_stop, max_epochs)  plain images again, lr stays at its minimum
# Everything is in epochs, so it scales with a dataset's length. A config that changes the
# epochs redefines `param_scheduler` and the DenseO2OHook entry of `custom_hooks` (mm configs
# resolve a base's variables in the base).
max_epochs = 72
dense_o2o_start = 4
flat_end = 36
dense_o2o_stop = 64
warmup_iters = 2000
base_lr = 4e-4
lr_min_ratio = 0.5

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=4)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=base_lr, betas=(0.9, 0.999), weight_decay=1e-4),
    clip_grad=dict(max_norm=0.1, norm_type=2),
    paramwise_cfg=dict(
        custom_keys={'backbone': dict(lr_mult=0.5)}, norm_decay_mult=0.0,
        bias_decay_mult=0.0))

param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, begin=0, end=warmup_iters),
    dict(type='CosineAnnealingLR', eta_min_ratio=lr_min_ratio, by_epoch=True,
         begin=flat_end, end=dense_o2o_stop, T_max=dense_o2o_stop - flat_end,
         convert_to_iter_based=True),
]

custom_hooks = [
    dict(type='EMAHook', ema_type='ExpMomentumEMA', momentum=1e-4, gamma=1000,
         update_buffers=True, priority=49),
    dict(type='DenseO2OHook', start_epoch=dense_o2o_start, stop_epoch=dense_o2o_stop),
]
# DEIM's batch 32 on 4 GPUs (4 x 8); scaled linearly with --auto-scale-lr
auto_scale_lr = dict(enable=False, base_batch_size=32)
