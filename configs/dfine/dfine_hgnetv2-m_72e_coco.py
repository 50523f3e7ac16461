# D-FINE-M on COCO (80 classes, 640 px) for checkpoints converted from D-FINE's own:
#   python tools/model_converters/deim2mmfer.py dfine_hgnetv2_m_coco.pth dfine_m_mmfer.pth \
#       --config configs/dfine/dfine_hgnetv2-m_72e_coco.py
#   python tools/test.py configs/dfine/dfine_hgnetv2-m_72e_coco.py dfine_m_mmfer.pth
# Post-processing as D-FINE's: the top 300 (query, class) pairs by sigmoid score, boxes not
# clipped to the image.
_base_ = ['../_base_/models/dfine_hgnetv2_m.py', '../_base_/datasets/coco_deim.py',
          '../_base_/schedules/deim_recipe_m.py', '../_base_/default_runtime.py']
model = dict(bbox_head=dict(num_classes=80), test_cfg=dict(max_per_img=300, clip_boxes=False))
