# RTMDet-S (Lyu et al., 2022), a row none of the FER papers ran: CSPNeXt + PAFPN, MMDetection's
# recipe (AdamW, cached Mosaic + MixUp switched to a light pipeline for the last 7 %, EMA).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::rtmdet/rtmdet_s_8xb32-300e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False, recipe_batch=256))
