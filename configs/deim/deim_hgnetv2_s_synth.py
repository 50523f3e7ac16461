# The DEIM baseline, size S, on the synthetic set with the main job's schedule
# (_base_/schedules/deim_dense_o2o_synth.py).
_base_ = [
    '../_base_/models/deim_hgnetv2_s.py', '../_base_/datasets/synth_fer_deim.py',
    '../_base_/schedules/deim_dense_o2o_synth.py', '../_base_/default_runtime.py'
]

# ---------------- frequently modified ----------------
# 160 px gives 20x20 + 10x10 + 5x5 = 525 memory tokens: 100 queries, 50 denoising queries
num_queries = 100
# -----------------------------------------------------

model = dict(bbox_head=dict(num_queries=num_queries,
                            dn_cfg=dict(num_dn_queries=num_queries // 2)))
default_hooks = dict(logger=dict(interval=10))
