# The DFPM + neighborhood-attention neck inside a stock RetinaNet: only the neck changes.
# Without a landmark branch the DFPM gates read the features themselves (self-gating).
_base_ = '../retinanet/retinanet_r18_fpn_12e_synth.py'

model = dict(
    neck=dict(
        _delete_=True,
        type='DFPMNattenNeck',
        in_channels=[128, 256, 512],
        out_channels=128,
        num_outs=4,
        kernel_sizes=(7, 5, 3),
        num_heads=4))
