# DEIM-M on RAF-DB at 320 px, DEIM's recipe (AdamW, EMA, Dense O2O, flat-cosine) scaled to RAF-DB.
_base_ = [
    '../_base_/models/deim_hgnetv2_m.py', '../_base_/datasets/rafdb_320.py',
    '../_base_/schedules/deim_recipe_m.py', '../_base_/default_runtime.py'
]
