# DEIM's recipe with DEIM-M's lr: 4e-4 at a batch of 32, the backbone at a tenth of it (4e-5).
_base_ = './deim_recipe.py'

optim_wrapper = dict(paramwise_cfg=dict(custom_keys={'backbone': dict(lr_mult=0.1)}))
