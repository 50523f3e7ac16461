"""MMDetection 3.3's ``SSDHead``, able to predict."""
from mmdet.models.dense_heads import SSDHead

from mmfer.registry import MODELS


@MODELS.register_module()
class PredictableSSDHead(SSDHead):
    """``SSDHead`` with the ``loss_cls`` attribute that MMDetection 3.3's prediction reads.

    ``BaseDenseHead._predict_by_feat_single`` asks ``self.loss_cls`` whether it has custom
    class channels, but ``SSDHead`` computes its loss inline and never sets the attribute, so
    every validation or test of an SSD stops with "'SSDHead' object has no attribute
    'loss_cls'" (open-mmlab/mmdetection#11780, unfixed in 3.3.0). With ``loss_cls = None``
    prediction takes ``SSDHead``'s own softmax path; training and weights are unchanged (the
    attribute holds no parameters, so SSD checkpoints load as they are).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_cls = None
