# Natten-DEIM-N on RAF-DB at 320 px, the paper's SGD recipe (RECIPE=paper of
# tools/reproduce_table1.sh). The landmark branch trains after the first 10 % of the epochs.
_base_ = [
    '../_base_/models/natten_deim_n.py', '../_base_/datasets/rafdb_320.py',
    '../_base_/schedules/sgd_paper.py', '../_base_/default_runtime.py'
]
custom_hooks = _base_.custom_hooks + [dict(type='UnfreezeLPBHook', unfreeze_ratio=0.1)]
