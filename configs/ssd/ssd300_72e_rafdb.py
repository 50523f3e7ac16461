# SSD300 (Liu et al., ECCV 2016): VGG-16, MMDetection's recipe (SGD, Expand + MinIoURandomCrop
# + photometric distortion). Always at 300 px: SSD300's anchors and extra layers are tied to it.
# On RAF-DB at 300 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::ssd/ssd300_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(300, 300), max_epochs=72))
