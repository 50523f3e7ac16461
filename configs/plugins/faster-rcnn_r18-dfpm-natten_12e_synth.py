# The DFPM + neighborhood-attention neck inside a stock Faster R-CNN: the neck's type is the
# only change (FPN's four input levels, strides 4-32, and its fifth level by max pooling);
# kernels 7/7/5/3 suit these levels; 8 heads of 16 channels at FPN's 128-channel width.
_base_ = '../faster_rcnn/faster-rcnn_r18_fpn_12e_synth.py'

model = dict(neck=dict(type='DFPMNattenNeck', kernel_sizes=(7, 7, 5, 3)))
