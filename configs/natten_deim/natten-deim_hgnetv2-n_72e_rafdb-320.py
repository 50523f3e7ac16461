# Natten-DEIM-N on RAF-DB at 320 px, DEIM's recipe (AdamW, EMA, Dense O2O, flat-cosine) scaled to
# RAF-DB. The landmark branch trains after the first 10 % of the epochs.
_base_ = [
    '../_base_/models/natten_deim_n.py', '../_base_/datasets/rafdb_320.py',
    '../_base_/schedules/deim_recipe_n.py', '../_base_/default_runtime.py'
]
custom_hooks = _base_.custom_hooks + [dict(type='UnfreezeLPBHook', unfreeze_ratio=0.1)]
