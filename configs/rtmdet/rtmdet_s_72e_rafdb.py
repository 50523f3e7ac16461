# RTMDet-S (Lyu et al., 2022), a row none of the FER papers ran: CSPNeXt + PAFPN, MMDetection's
# recipe (AdamW, cached Mosaic + MixUp switched to a light pipeline for the last 7 %, EMA).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::rtmdet/rtmdet_s_8xb32-300e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(640, 640), max_epochs=72,
                             recipe_batch=256))
