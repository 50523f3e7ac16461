# DEIM-S on RAF-DB at 640 px, the paper's SGD recipe (RECIPE=paper of tools/reproduce_table1.sh).
_base_ = [
    '../_base_/models/deim_hgnetv2_s.py', '../_base_/datasets/face_detection.py',
    '../_base_/schedules/sgd_paper.py', '../_base_/default_runtime.py'
]
