# CenterNet (Zhou et al., 2019): ResNet-18 + deconvolutions, MMDetection's recipe (SGD, random
# centre crop + pad, photometric distortion). It tests each image at its own size, as its recipe.
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(640, 640), max_epochs=72))
