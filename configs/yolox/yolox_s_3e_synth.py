# YOLOX-S (Ge et al., 2021): CSPDarknet + PAFPN, MMDetection's recipe (SGD, Mosaic + MixUp
# switched off for the last 5 % of the run, EMA).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::yolox/yolox_s_8xb8-300e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False))
