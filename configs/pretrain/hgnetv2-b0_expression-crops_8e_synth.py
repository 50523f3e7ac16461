# The main job's expression branch (HGNetV2-B0) pre-trained as a classifier of the synthetic
# training set's face crops (64 px, the box widened by 10 %, flips and brightness / contrast
# jitter) over 8 epochs, scored on the test set's crops once, at the end: what `make pretrained`
# runs. The main job fine-tunes the branch, so it needs a good start, not a finished classifier
# (docs/pretrained_weights.md has what each length scores). Weights are stored channels-last,
# which CPU convolutions run faster. The branch is written to WORK_DIR/expression_branch.pth,
# which the detector's `model.backbone.ebb_pretrained` loads.
_base_ = ['../_base_/datasets/synth.py', '../_base_/pretrain_runtime.py']

crops = dict(type='FaceCropDataset', crop_size=64, margin=0.1)
loader = dict(num_workers=2, persistent_workers=True, collate_fn=dict(type='default_collate'))

model = dict(type='ExpressionCropClassifier', arch='hgnetv2_b0', label_smoothing=0.1)
train_dataloader = dict(
    loader, _delete_=True, batch_size=64, sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(crops, faces=_base_.train_dataloader.dataset.dataset, flip_prob=0.5,
                 photometric=True))
val_dataloader = dict(
    loader, _delete_=True, batch_size=128, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(crops, faces=_base_.test_dataloader.dataset, test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(_delete_=True, type='CropAccuracyMetric')
test_evaluator = val_evaluator

train_cfg = dict(max_epochs=8, val_interval=8)
optim_wrapper = dict(optimizer=dict(weight_decay=0.05))
custom_hooks = [dict(type='ChannelsLastHook'),
                dict(type='ExportBranchHook', filename='expression_branch.pth')]
