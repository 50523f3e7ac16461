# RetinaNet (Lin et al., ICCV 2017): ResNet-50 + FPN, MMDetection's 1x recipe (SGD, flip only).
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::retinanet/retinanet_r50_fpn_1x_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False))
