# What the two branches' pre-training runs (configs/pretrain/) share: AdamW under a one-cycle
# shape (warm-up over the first 30 % of the run, then a cosine to zero; FlatCosineLR, so the
# phases follow the run's length), a validation every epoch, the last checkpoint kept, and the
# pre-trained branch written into the work dir by the leaf's ExportBranchHook.
_base_ = './default_runtime.py'

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=8, val_interval=1)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
optim_wrapper = dict(type='OptimWrapper',
                     optimizer=dict(type='AdamW', lr=2e-3, weight_decay=1e-4))
param_scheduler = [
    dict(type='FlatCosineLR', warmup_ratio=0.3, flat_ratio=0.3, no_aug_ratio=0.0, min_ratio=0.0,
         by_epoch=True, convert_to_iter_based=True),
]
default_hooks = dict(checkpoint=dict(max_keep_ckpts=1, save_best=None))
