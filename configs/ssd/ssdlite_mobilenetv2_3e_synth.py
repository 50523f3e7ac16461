# Table 1's SSD row on the synthetic faces, with a smaller backbone: SSDLite (Sandler et al.,
# CVPR 2018), SSD's head on MobileNetV2 with depthwise convolutions, MMDetection's recipe (SGD,
# Expand + MinIoURandomCrop + photometric distortion, trained from scratch as published), at its
# own 320 px. SSD300's VGG-16 costs 31 GFLOPs an image, too much for the 2-core budget; on RAF-DB
# the row is SSD300 itself (ssd300_72e_rafdb.py).
_base_ = 'mmdet::ssd/ssdlite_mobilenetv2-scratch_8xb24-600e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='synth', img_scale=(320, 320), max_epochs=3,
                             pretrained=False))
