# Table 1's "EfficientNet" row: RetinaNet with an EfficientNet-B3 backbone + FPN, MMDetection's
# recipe (SGD, random resize + crop).
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::efficientnet/retinanet_effb3_fpn_8xb4-crop896-1x_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(640, 640), max_epochs=72))
