# RetinaNet (Lin et al., ICCV 2017): ResNet-50 + FPN, MMDetection's 1x recipe (SGD, flip only).
# On RAF-DB at 320 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(320, 320), max_epochs=72))
