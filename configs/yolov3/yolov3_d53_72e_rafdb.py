# YOLOv3 (Redmon and Farhadi, 2018): DarkNet-53, MMDetection's recipe (SGD, Expand +
# MinIoURandomCrop, multi-scale, photometric distortion); anchors scaled with the input.
# On RAF-DB at 640 px, 72 epochs (the DEIM rows' length); its ImageNet backbone from checkpoints/.
_base_ = 'mmdet::yolo/yolov3_d53_8xb8-ms-416-273e_coco.py'
from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

locals().update(on_face_data(_base_, data='rafdb', img_scale=(640, 640), max_epochs=72))
