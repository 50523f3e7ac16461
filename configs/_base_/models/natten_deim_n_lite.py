# Natten-DEIM-N-lite: Natten-DEIM-N with a 64-channel neck (8 heads of 8 channels, as N's 8
# heads) whose DFPMs gate the projected maps (`dfpm_position='projection'`) instead of the
# backbone's 256 / 512 / 1024-channel ones; the decoder's input projections take the 64
# channels to its 128. Why: at 640 px Natten-DEIM-N's DFPMs on the
# backbone's wide maps and its stride-8 level (80 x 80 tokens, which DEIM-N does not have) give
# it 1.91x DEIM-N's FLOPs and about 2x its CPU latency; N-lite has 1.14x the FLOPs and 1.5x to
# 1.6x the latency (benchmarks/latency.py, docs/benchmarks.md).
_base_ = './natten_deim_n.py'

model = dict(
    neck=dict(out_channels=64, dfpm_position='projection'),
    bbox_head=dict(transformer=dict(in_channels=[64, 64, 64])))
