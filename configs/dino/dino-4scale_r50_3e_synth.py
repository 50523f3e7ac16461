# DINO (Zhang et al., ICLR 2023), a row none of the FER papers ran: ResNet-50, 4 scales,
# MMDetection's recipe (AdamW, multi-scale resize and crop).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::dino/dino-4scale_r50_8xb2-12e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

# DINO picks its queries (900 in the recipe) among the encoder's tokens: at 160 px (96 px at the
# smallest training scale) it has under 200; DETR's own 100 are plenty for 1 to 3 faces.
locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False,
                             model=dict(num_queries=100)))
