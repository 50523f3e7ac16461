"""Deploy-time re-parameterisation (MMDetection's and mmyolo's ``switch_to_deploy``).

A trained model carries training-time structure into inference: RepVGG blocks run a 3x3 and a
1x1 branch where one 3x3 convolution computes the same, every BatchNorm after a convolution is
an affine map that the convolution can absorb, and the decoder keeps class and quality heads
that only its losses read. :func:`switch_to_deploy` removes all of it, in place, and computes
stride-1 max poolings (HGNetV2's stem, YOLO's SPP) by :class:`SlicedMaxPool2d`, the same
function faster on CPU, and stores a DEIM-style detector's convolution weights
channels-last, which PyTorch's convolutions then run in (faster on CPU: docs/benchmarks.md);
the eval-mode outputs stay the same up to float rounding. DEIM's own
``model.deploy()`` does the first and the last; folding the other BatchNorms is what
MMDetection's ``--fuse-conv-bn`` does.
"""
from typing import Tuple

import torch
from mmcv.cnn import fuse_conv_bn
from torch import Tensor, nn

from ..layers.sliced_max_pool import SlicedMaxPool2d
from .module_swap import replace_children


def conv_bn_kernel_bias(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> Tuple[Tensor, Tensor]:
    """The kernel (C_out, C_in / groups, k, k) and bias (C_out,) of one convolution that
    computes ``bn(conv(x))`` with ``bn``'s running statistics."""
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    bias = conv.bias if conv.bias is not None else torch.zeros_like(bn.running_mean)
    return (conv.weight * scale.reshape(-1, 1, 1, 1)).detach(), \
        ((bias - bn.running_mean) * scale + bn.bias).detach()


def switch_to_deploy(model: nn.Module) -> nn.Module:
    """Re-parameterise ``model`` for inference, in place, and return it.

    Every submodule's own ``switch_to_deploy`` runs first (RepVGG blocks fused into one
    convolution, the decoder's unused heads dropped), then every BatchNorm that follows a
    convolution is folded into it (mmcv's ``fuse_conv_bn``) and every stride-1 max pooling is
    replaced by a :class:`SlicedMaxPool2d`. A DEIM-style detector's 4-D parameters and
    buffers are then stored ``torch.channels_last``; other detectors keep their layout, because
    heads such as MMDetection's CenterNet ``view`` their convolutions' outputs, which
    channels-last maps do not allow. Idempotent. The model is put in
    eval mode: what is left is for inference only (a decoder without its auxiliary heads
    refuses to train).
    """
    model.eval()
    for module in list(model.modules()):
        if module is not model and callable(getattr(module, 'switch_to_deploy', None)):
            module.switch_to_deploy()
    with torch.no_grad():
        fuse_conv_bn(model)
    replace_children(model, SlicedMaxPool2d.replaces, SlicedMaxPool2d.from_max_pool)
    from ..dense_heads.deim_head import is_deim_style  # the heads import this module's package
    if hasattr(model, 'bbox_head') and is_deim_style(model):
        model.to(memory_format=torch.channels_last)
    return model
