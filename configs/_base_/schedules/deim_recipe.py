# DEIM's recipe: AdamW (no decay on norms and biases; the backbone at half the lr, for a
# pretrained one), gradient clipping at 0.1, an EMA of the weights, DEIM's flat-cosine lr and its
# four-stage data policy (Dense O2O; see DenseO2OHook). Every phase is a fraction of the run,
# so a config that changes max_epochs or the dataset keeps the recipe's proportions:
#   lr: quadratic warm-up, flat until flat_ratio, cosine to min_ratio x, flat for no_aug_ratio
#   data: plain until policy[0], Mosaic + MixUp until policy[1], other augmentations until
#         policy[2], plain to the end
#   EMA: a window of 7 % of the run's iterations, its momentum ramped over 1.4 %
# The ratios are DEIM-S's COCO recipe (132 epochs: warm-up 2,000 iterations, flat to 64,
# policy [4, 64, 120], lr x0.5 at the end; EMA decay 0.9999 with 2,000 warm-up steps), and so
# is the lr: 4e-4 (the backbone's 2e-4) at a batch of 32 images; deim_recipe_{n,m}.py hold N's
# and M's. On RAF-DB (11,000 training images, a tenth of COCO) the run is 72 epochs, about
# 25,000 iterations at DEIM's batch of 32. tools/train.py --auto-scale-lr scales the lr
# linearly from auto_scale_lr.base_batch_size to the batch used.
max_epochs = 72
base_lr = 4e-4

train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs, val_interval=4)
val_cfg = dict(type='RawAndEMAValLoop')
test_cfg = dict(type='TestLoop')

optim_wrapper = dict(
    type='OptimWrapper',
    constructor='GroupedOptimWrapperConstructor',  # a few groups, not one a parameter
    optimizer=dict(type='AdamW', lr=base_lr, betas=(0.9, 0.999), weight_decay=1e-4),
    clip_grad=dict(max_norm=0.1, norm_type=2),
    paramwise_cfg=dict(
        custom_keys={'backbone': dict(lr_mult=0.5)}, norm_decay_mult=0.0,
        bias_decay_mult=0.0))

param_scheduler = [
    dict(type='FlatCosineLR', warmup_ratio=0.014, flat_ratio=0.485, no_aug_ratio=0.09,
         min_ratio=0.5, by_epoch=True, convert_to_iter_based=True),
]

custom_hooks = [
    dict(type='RunLengthEMAHook', window_ratio=0.07, warmup_ratio=0.014, update_buffers=True,
         priority=49),
    dict(type='DenseO2OHook', policy_ratios=(0.03, 0.485, 0.91)),
]
auto_scale_lr = dict(enable=False, base_batch_size=32)
