"""Natten-DEIM's backbone: an HGNetV2 expression branch and a MobileFaceNet landmark branch."""
from typing import Optional, Sequence, Tuple

import timm
import torch
import torch.nn.functional as F
from mmengine.logging import MMLogger
from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS
from mmfer.utils.state_dict import show_keys

from ..utils.init import reset_convs_to_pytorch_default
from .hgnetv2_weights import load_hgnetv2_weights
from .mobilefacenet import INPUT_SIZE, MobileFaceNet, load_posterpp_checkpoint

# DEIM's model sizes and the HGNetV2 variant each uses.
SIZE_TO_ARCH = dict(N='hgnetv2_b0', S='hgnetv2_b0', M='hgnetv2_b2', L='hgnetv2_b4',
                    X='hgnetv2_b5')


@MODELS.register_module()
class DualBranchBackbone(BaseModule):
    """Expression backbone branch (EBB, HGNetV2 from timm) + landmark prior branch (LPB).

    The EBB returns the stride-8/16/32 maps ("levels 3/4/5"). The LPB, POSTER++'s
    MobileFaceNet, reads the image resized to 112x112 and returns its 64x28x28, 128x14x14 and
    512x7x7 maps. The LPB starts frozen: no gradient and BatchNorm statistics kept, even in
    training mode, until :meth:`unfreeze_lpb` (called by ``UnfreezeLPBHook``).

    Output: the 3 EBB maps followed by the 3 LPB maps (``with_lpb=True``), the order
    ``DFPMNattenNeck`` with ``prior_channels`` expects; the 3 EBB maps only otherwise.

    Args:
        arch (str): a timm HGNetV2 (``'hgnetv2_b0'`` .. ``'hgnetv2_b6'``), or a DEIM size
            (``'N'``, ``'S'``, ``'M'``, ``'L'``, ``'X'``). Defaults to ``'hgnetv2_b0'``. Without
            pretrained weights its convolutions start from PyTorch's default initialisation,
            as DEIM's HGNetV2 does (not timm's).
        out_indices (sequence[int]): HGNetV2 stages to return; (1, 2, 3) are strides 8/16/32.
        frozen_stages (int): freeze the stem (0) and the stages up to this index (as mmdet's
            ResNet); -1 freezes nothing. Defaults to -1.
        norm_eval (bool): keep the EBB's BatchNorm layers in eval mode. Defaults to False.
        ebb_pretrained (str, optional): HGNetV2 weights for the EBB: a timm checkpoint, DEIM /
            D-FINE's ImageNet file (``PPHGNetV2_B0_stage1.pth`` ...) or a whole DEIM / D-FINE
            detector checkpoint (its ``backbone.*``); loaded strictly, mismatches listed.
        with_lpb (bool): build the landmark branch. Defaults to True.
        lpb_checkpoint (str, optional): a POSTER++-layout MobileFaceNet checkpoint (theirs, or
            a ``landmark_branch.pth`` of ``configs/pretrain/``), loaded strictly.
        lpb_frozen (bool): start with the LPB frozen. Defaults to True.
        lpb_mean, lpb_std (sequence[float], optional): normalise the LPB's input with these
            (per RGB channel) first. With DEIM's data preprocessor ([0, 1] RGB, which the EBB's
            pretrained weights expect) set them to ImageNet's (0.485, 0.456, 0.406) /
            (0.229, 0.224, 0.225), the input POSTER++'s MobileFaceNet was trained on.
        init_cfg (dict, optional): mmengine initialisation config for the whole backbone.

    Examples:
        >>> import torch
        >>> backbone = DualBranchBackbone('N')
        >>> backbone.out_channels, backbone.strides
        ([256, 512, 1024, 64, 128, 512], [8, 16, 32, 4, 8, 16])
        >>> [tuple(o.shape) for o in backbone(torch.randn(1, 3, 128, 128))]
        [(1, 256, 16, 16), (1, 512, 8, 8), (1, 1024, 4, 4), (1, 64, 28, 28), (1, 128, 14, 14), (1, 512, 7, 7)]
    """  # noqa: E501

    def __init__(self,
                 arch: str = 'hgnetv2_b0',
                 out_indices: Sequence[int] = (1, 2, 3),
                 frozen_stages: int = -1,
                 norm_eval: bool = False,
                 ebb_pretrained: Optional[str] = None,
                 with_lpb: bool = True,
                 lpb_checkpoint: Optional[str] = None,
                 lpb_frozen: bool = True,
                 lpb_mean: Optional[Sequence[float]] = None,
                 lpb_std: Optional[Sequence[float]] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg)
        arch = SIZE_TO_ARCH.get(arch, arch)
        if not arch.startswith('hgnetv2_'):
            raise ValueError(f'arch must be an HGNetV2 (hgnetv2_b0..b6) or one of '
                             f'{sorted(SIZE_TO_ARCH)}, got {arch!r}')
        self.ebb = reset_convs_to_pytorch_default(timm.create_model(
            arch, pretrained=False, features_only=True, out_indices=tuple(out_indices)))
        self.ebb_pretrained = ebb_pretrained
        if ebb_pretrained:
            self._load_ebb()
        self.frozen_stages = frozen_stages
        self.norm_eval = norm_eval
        self.lpb_checkpoint = lpb_checkpoint
        self.lpb = MobileFaceNet(num_landmarks=None) if with_lpb else None
        self.lpb_frozen = False
        if (lpb_mean is None) != (lpb_std is None):
            raise ValueError('give both lpb_mean and lpb_std, or neither')
        self.lpb_norm = None
        if lpb_mean is not None:
            self.lpb_norm = (tuple(map(float, lpb_mean)), tuple(map(float, lpb_std)))
        self.out_channels = list(self.ebb.feature_info.channels())
        self.strides = list(self.ebb.feature_info.reduction())
        if self.lpb is not None:
            self.out_channels += list(MobileFaceNet.out_channels)
            self.strides += list(MobileFaceNet.strides)
            if lpb_checkpoint:
                self._load_lpb()
            if lpb_frozen:
                self.freeze_lpb()
        self._freeze_ebb_stages()

    def init_weights(self) -> None:
        super().init_weights()
        # an init_cfg must not overwrite the pretrained branches
        if self.ebb_pretrained:
            self._load_ebb()
        if self.lpb is not None and self.lpb_checkpoint:
            self._load_lpb()

    def _load_ebb(self) -> None:
        info = load_hgnetv2_weights(self.ebb, self.ebb_pretrained)
        MMLogger.get_current_instance().info(
            f'expression branch loaded from {self.ebb_pretrained} ({info["source"]}; '
            f'{len(info["dropped"])} keys not used: {show_keys(info["dropped"], 4)})')

    def _load_lpb(self) -> None:
        info = load_posterpp_checkpoint(self.lpb, self.lpb_checkpoint)
        MMLogger.get_current_instance().info(
            f'landmark branch loaded from {self.lpb_checkpoint} '
            f'({len(info["unused_head_keys"])} landmark-head weights not used)')

    def _freeze_ebb_stages(self) -> None:
        if self.frozen_stages < 0:
            return
        modules = [self.ebb.stem] + [getattr(self.ebb, f'stages_{i}')
                                     for i in range(self.frozen_stages)]
        for module in modules:
            module.eval()
            for param in module.parameters():
                param.requires_grad = False

    def freeze_lpb(self) -> None:
        """No gradient reaches the LPB and its BatchNorm statistics stay as they are.

        The LPB's forward then runs without autograd; its parameters keep ``requires_grad``,
        so the optimizer and DistributedDataParallel (with ``find_unused_parameters=True``)
        see one parameter set before and after unfreezing.
        """
        self.lpb_frozen = True
        self.lpb.eval()

    def unfreeze_lpb(self) -> None:
        """Train the LPB from now on (its BatchNorm layers follow the backbone's mode)."""
        self.lpb_frozen = False
        self.lpb.train(self.training)

    def train(self, mode: bool = True) -> 'DualBranchBackbone':
        super().train(mode)
        self._freeze_ebb_stages()
        if self.lpb is not None and self.lpb_frozen:
            self.lpb.eval()
        if mode and self.norm_eval:
            for module in self.ebb.modules():
                if isinstance(module, nn.modules.batchnorm._BatchNorm):
                    module.eval()
        return self

    def forward(self, x: Tensor) -> Tuple[Tensor, ...]:
        """(B, 3, H, W) -> EBB maps (B, C_i, H / s_i, W / s_i), then the three LPB maps."""
        outs = list(self.ebb(x))
        if self.lpb is not None:
            face = F.interpolate(x, size=(INPUT_SIZE, INPUT_SIZE), mode='bilinear',
                                 align_corners=False)
            if self.lpb_norm is not None:
                mean, std = (face.new_tensor(v).view(1, -1, 1, 1) for v in self.lpb_norm)
                face = (face - mean) / std
            with torch.set_grad_enabled(torch.is_grad_enabled() and not self.lpb_frozen):
                outs += list(self.lpb(face))
        return tuple(outs)
