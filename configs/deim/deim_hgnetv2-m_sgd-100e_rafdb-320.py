# DEIM-M on RAF-DB at 320 px, the paper's SGD recipe (RECIPE=paper of tools/reproduce_table1.sh).
_base_ = [
    '../_base_/models/deim_hgnetv2_m.py', '../_base_/datasets/rafdb_320.py',
    '../_base_/schedules/sgd_paper.py', '../_base_/default_runtime.py'
]
