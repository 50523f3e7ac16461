# The Natten-DEIM paper's recipe: SGD (momentum 0.9, weight decay 1e-4), lr 1e-3 at batch 256,
# lr x0.1 at 60 % and 80 % of the epochs, the landmark branch frozen at first. The paper does not
# give the number of epochs or when the branch is unfrozen: 100 and epoch 10 here (our choice).
# Batch 256 = 8 processes x 32; with fewer, pass --auto-scale-lr to scale the lr linearly.
max_epochs = 100
lpb_unfreeze_epoch = 10

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=5)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=1e-3, momentum=0.9, weight_decay=1e-4),
    clip_grad=dict(max_norm=35, norm_type=2))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=500),
    dict(type='MultiStepLR', by_epoch=True, begin=0, end=max_epochs,
         milestones=[int(0.6 * max_epochs), int(0.8 * max_epochs)], gamma=0.1),
]
custom_hooks = [
    dict(type='UnfreezeLPBHook', unfreeze_epoch=lpb_unfreeze_epoch),
]
auto_scale_lr = dict(enable=False, base_batch_size=256)
