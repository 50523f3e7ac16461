# Does the neck help other detectors? The RetinaNet R-50 row with DFPMNattenNeck in place of its
# FPN (the neck's type is the only change: it takes FPN's arguments).
_base_ = '../retinanet/retinanet_r50_fpn_72e_rafdb-320.py'

model = dict(neck=dict(type='DFPMNattenNeck'))
