# YOLOX-S (Ge et al., 2021): CSPDarknet + PAFPN, MMDetection's recipe (SGD, Mosaic + MixUp
# switched off for the last 5 % of the run, EMA).
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::yolox/yolox_s_8xb8-300e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(320, 320), max_epochs=72))
