"""The DEIM detector: backbone -> neck -> DEIMHead, for the baseline and for Natten-DEIM."""
from mmdet.models.detectors import SingleStageDetector

from mmfer.registry import MODELS

from ..utils.deploy import switch_to_deploy


@MODELS.register_module(name=['DEIM', 'NattenDEIM'])
class DEIM(SingleStageDetector):
    """A query-based detector with a DEIM-style head and no NMS.

    The DEIM baseline is HGNetV2 + ``HybridEncoder`` + ``DEIMHead``; Natten-DEIM is
    ``DualBranchBackbone`` + ``DFPMNattenNeck`` + ``DEIMHead`` (the backbone's landmark-prior
    maps travel to the neck with the expression maps). ``NattenDEIM`` is another name for it.
    """

    def switch_to_deploy(self) -> None:
        """Re-parameterise for inference, in place and idempotent: RepVGG blocks fused, the
        decoder's auxiliary heads dropped, BatchNorms folded into their convolutions (see
        :func:`mmfer.models.utils.switch_to_deploy`)."""
        switch_to_deploy(self)
