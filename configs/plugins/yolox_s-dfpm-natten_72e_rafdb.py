# Does the neck help other detectors? The YOLOX-S row with DFPMNattenNeck in place of its PAFPN
# (same inputs, widths and levels; nothing else changes).
_base_ = '../yolox/yolox_s_72e_rafdb.py'

model = dict(neck=dict(_delete_=True, type='DFPMNattenNeck', in_channels=[128, 256, 512],
                       out_channels=128, num_outs=3))
