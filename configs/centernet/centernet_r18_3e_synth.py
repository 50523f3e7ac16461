# CenterNet (Zhou et al., 2019): ResNet-18 + deconvolutions, MMDetection's recipe (SGD, random
# centre crop + pad, photometric distortion). It tests each image at its own size, as its recipe.
# On the synthetic faces, every part from scratch (nothing can be downloaded here).
_base_ = 'mmdet::centernet/centernet_r18_8xb16-crop512-140e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=3,
                             pretrained=False))
