# The DFPM + neighborhood-attention neck inside a stock Faster R-CNN: only the neck changes.
# Four input levels (strides 4-32, kernels 7/7/5/3) and one extra stride-64 output, as FPN.
_base_ = '../faster_rcnn/faster_rcnn_r18_fpn_12e_synth.py'

model = dict(
    neck=dict(
        _delete_=True,
        type='DFPMNattenNeck',
        in_channels=[64, 128, 256, 512],
        out_channels=128,
        num_outs=5,
        kernel_sizes=(7, 7, 5, 3),
        num_heads=4))
