# Table 1's "EfficientNet" row: RetinaNet with an EfficientNet-B3 backbone + FPN, MMDetection's
# recipe (SGD, random resize + crop).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::efficientnet/retinanet_effb3_fpn_8xb4-crop896-1x_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False))
