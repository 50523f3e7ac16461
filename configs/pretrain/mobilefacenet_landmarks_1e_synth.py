# The main job's landmark prior branch (MobileFaceNet) pre-trained on landmark regression over
# the synthetic training set's face crops (112 px, the box widened by 10 % and jittered by up to
# 5 %, flips) for one epoch, scored by the normalised mean error on the test set's crops: what
# `make pretrained` runs. The main job keeps the branch frozen as a prior, and on this set the
# ablation ladder measured no gain from the prior (docs/results.md), so one epoch serves it;
# docs/pretrained_weights.md has what each length scores. Weights are stored channels-last,
# which CPU convolutions run faster. The branch is written to WORK_DIR/landmark_branch.pth,
# which the detector's `model.backbone.lpb_checkpoint` loads.
_base_ = ['../_base_/datasets/synth.py', '../_base_/pretrain_runtime.py']

crops = dict(type='FaceCropDataset', crop_size=112, margin=0.1, with_landmarks=True)
loader = dict(num_workers=2, persistent_workers=True, collate_fn=dict(type='default_collate'))

model = dict(type='LandmarkRegressor')
train_dataloader = dict(
    loader, _delete_=True, batch_size=32, sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(crops, faces=_base_.train_dataloader.dataset.dataset, flip_prob=0.5,
                 box_jitter=0.05))
val_dataloader = dict(
    loader, _delete_=True, batch_size=64, sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(crops, faces=_base_.test_dataloader.dataset, test_mode=True))
test_dataloader = val_dataloader
val_evaluator = dict(_delete_=True, type='LandmarkNMEMetric')
test_evaluator = val_evaluator

train_cfg = dict(max_epochs=1)
custom_hooks = [dict(type='ChannelsLastHook'), dict(type='LandmarkStatisticsHook'),
                dict(type='ExportBranchHook', filename='landmark_branch.pth')]
