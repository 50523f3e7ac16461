# The DFPM + neighborhood-attention neck inside a stock Faster R-CNN: the neck's type is the
# only change (FPN's four input levels, strides 4-32, and its fifth level by max pooling);
# kernels 7/7/5/3 and num_heads suit these levels and the 128-channel width.
_base_ = '../faster_rcnn/faster_rcnn_r18_fpn_12e_synth.py'

model = dict(neck=dict(type='DFPMNattenNeck', num_heads=4, kernel_sizes=(7, 7, 5, 3)))
