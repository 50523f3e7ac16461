# The pre-trained recipe: deim_dense_o2o_synth.py's proportions over 5 epochs (the main job
# sets 6), with the expression branch pre-trained on the training set's face crops (`make
# pretrained`; the leaf config sets `model.backbone.ebb_pretrained`) and so at half the lr, as
# DEIM fine-tunes its ImageNet HGNetV2; no zoom-out in the data policy (synth_fer_multi_deim.py).
_base_ = './deim_dense_o2o_synth.py'

max_epochs = 5

train_cfg = dict(max_epochs=max_epochs, val_interval=1)
optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.5)}))
custom_hooks = [
    dict(type='RunLengthEMAHook', window_ratio=0.07, warmup_ratio=0.05, update_buffers=True,
         priority=49),
    dict(type='DenseO2OHook', policy_ratios=(0.08, 0.5, 0.83),
         policy_types=('MosaicAffine', 'PhotoMetricDistortion', 'IoUCrop')),
]
