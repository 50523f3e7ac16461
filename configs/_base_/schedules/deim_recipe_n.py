# DEIM's recipe with DEIM-N's lr: 8e-4 (the backbone's 4e-4) at a batch of 128 images
# (DEIM's configs/deim_dfine/dfine_hgnetv2_n_coco.yml, which deim_hgnetv2_n_coco.yml includes).
_base_ = './deim_recipe.py'

base_lr = 8e-4
optim_wrapper = dict(optimizer=dict(lr=base_lr))
auto_scale_lr = dict(base_batch_size=128)
