# DEIM-N on COCO (80 classes, 640 px) for checkpoints converted from DEIM's own:
#   python tools/model_converters/deim2mmfer.py deim_hgnetv2_n_coco.pth deim_n_mmfer.pth \
#       --config configs/deim/deim_hgnetv2-n_72e_coco.py
#   python tools/test.py configs/deim/deim_hgnetv2-n_72e_coco.py deim_n_mmfer.pth
# Post-processing as DEIM's: the top 300 (query, class) pairs by sigmoid score, boxes not
# clipped to the image.
_base_ = ['../_base_/models/deim_hgnetv2_n.py', '../_base_/datasets/coco_deim.py',
          '../_base_/schedules/deim_recipe_n.py', '../_base_/default_runtime.py']
model = dict(bbox_head=dict(num_classes=80), test_cfg=dict(max_per_img=300, clip_boxes=False))
