# DINO (Zhang et al., ICLR 2023), a row none of the FER papers ran: ResNet-50, 4 scales,
# MMDetection's recipe (AdamW, multi-scale resize and crop).
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

# DINO picks its queries (900 in the recipe) among the encoder's tokens: at 320 px (192 px at the
# smallest training scale) it has under 800; Deformable DETR's 300.
locals().update(on_face_data(_base_, data='rafdb', img_scale=(320, 320), max_epochs=72,
                             model=dict(num_queries=300)))
