# DEIM's recipe shortened for the synthetic set on a 2-core CPU (88 iterations per epoch):
#   epochs [0, 2) plain, [2, 20) Mosaic + MixUp (flat lr until 12, then cosine to 0.1 x),
#   [20, 24) plain again; a 200-iteration warm-up; EMA with a 200-step ramp.
_base_ = './deim_dense_o2o.py'

max_epochs = 24
dense_o2o_start = 2
flat_end = 12
dense_o2o_stop = 20

train_cfg = dict(max_epochs=max_epochs, val_interval=4)
optim_wrapper = dict(optimizer=dict(lr=8e-4))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=200),
    dict(type='CosineAnnealingLR', eta_min_ratio=0.1, by_epoch=True, begin=flat_end,
         end=dense_o2o_stop, T_max=dense_o2o_stop - flat_end, convert_to_iter_based=True),
]
custom_hooks = [
    dict(type='EMAHook', ema_type='ExpMomentumEMA', momentum=2e-4, gamma=200,
         update_buffers=True, priority=49),
    dict(type='DenseO2OHook', start_epoch=dense_o2o_start, stop_epoch=dense_o2o_stop),
]
