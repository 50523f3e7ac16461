from .dual_branch import SIZE_TO_ARCH, DualBranchBackbone
from .mobilefacenet import MobileFaceNet, load_posterpp_checkpoint

__all__ = ['SIZE_TO_ARCH', 'DualBranchBackbone', 'MobileFaceNet', 'load_posterpp_checkpoint']
