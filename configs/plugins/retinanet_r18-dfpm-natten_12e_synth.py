# The DFPM + neighborhood-attention neck inside a stock RetinaNet: the neck's type is the only
# change (it takes FPN's in_channels, start_level, add_extra_convs, num_outs as FPN does);
# 8 heads of 16 channels at the 128-channel width. Without a landmark branch the DFPM gates read
# the features themselves (self-gating).
_base_ = '../retinanet/retinanet_r18_fpn_12e_synth.py'

model = dict(neck=dict(type='DFPMNattenNeck'))
