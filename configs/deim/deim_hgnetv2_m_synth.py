# The DEIM baseline, size M, on the synthetic set with the main job's schedule
# (_base_/schedules/deim_dense_o2o_synth.py).
_base_ = [
    '../_base_/models/deim_hgnetv2_m.py', '../_base_/datasets/synth_fer_deim.py',
    '../_base_/schedules/deim_dense_o2o_synth.py', '../_base_/default_runtime.py'
]

model = dict(bbox_head=dict(num_queries=100, dn_cfg=dict(num_dn_queries=50)))
default_hooks = dict(logger=dict(interval=10))
