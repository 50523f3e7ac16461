"""MobileFaceNet as POSTER++ uses it for facial landmarks: Natten-DEIM's landmark prior branch.

The layer names are those of POSTER++'s ``models/mobilefacenet.py``, so that its published
``mobilefacenet_model_best.pth.tar`` (68 landmarks, a 136-wide regression head) loads strictly.
"""
from typing import Dict, Tuple

from mmengine.model import BaseModule
from torch import Tensor, nn

from mmfer.registry import MODELS
from mmfer.utils.state_dict import check_fits, is_state_dict, read_weights_file

INPUT_SIZE = 112
POSTERPP_NUM_LANDMARKS = 68


class ConvBNPReLU(nn.Sequential):
    """conv (no bias), BN, PReLU; POSTER++'s ``Conv_block``."""

    def __init__(self, in_c, out_c, kernel=1, stride=1, padding=0, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(in_c, out_c, kernel, stride, padding, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(out_c)
        self.prelu = nn.PReLU(out_c)


class ConvBN(nn.Sequential):
    """conv (no bias) and BN, no activation; POSTER++'s ``Linear_block``."""

    def __init__(self, in_c, out_c, kernel=1, stride=1, padding=0, groups=1):
        super().__init__()
        self.conv = nn.Conv2d(in_c, out_c, kernel, stride, padding, groups=groups, bias=False)
        self.bn = nn.BatchNorm2d(out_c)


class DepthWise(nn.Module):
    """Inverted bottleneck: 1x1 expand to ``hidden``, 3x3 depthwise, 1x1 linear projection."""

    def __init__(self, in_c, out_c, hidden, stride=1, residual=False):
        super().__init__()
        self.conv = ConvBNPReLU(in_c, hidden)
        self.conv_dw = ConvBNPReLU(hidden, hidden, 3, stride, 1, groups=hidden)
        self.project = ConvBN(hidden, out_c)
        self.residual = residual

    def forward(self, x: Tensor) -> Tensor:
        out = self.project(self.conv_dw(self.conv(x)))
        return x + out if self.residual else out


class ResidualStage(nn.Module):
    """``num_blocks`` residual ``DepthWise`` blocks at ``channels``."""

    def __init__(self, channels, num_blocks, hidden):
        super().__init__()
        self.model = nn.Sequential(*(DepthWise(channels, channels, hidden, residual=True)
                                     for _ in range(num_blocks)))

    def forward(self, x: Tensor) -> Tensor:
        return self.model(x)


class LandmarkHead(nn.Module):
    """Global depthwise conv 7x7, linear, BN1d: (B, 512, 7, 7) -> (B, 2 * num_landmarks)."""

    def __init__(self, num_landmarks: int):
        super().__init__()
        self.conv_6_dw = ConvBN(512, 512, 7, groups=512)
        self.linear = nn.Linear(512, 2 * num_landmarks, bias=False)
        self.bn = nn.BatchNorm1d(2 * num_landmarks)

    def forward(self, x: Tensor) -> Tensor:
        return self.bn(self.linear(self.conv_6_dw(x).flatten(1)))


@MODELS.register_module()
class MobileFaceNet(BaseModule):
    """MobileFaceNet on 112x112 faces, with the three maps Natten-DEIM uses as landmark prior.

    Args:
        num_landmarks (int, optional): landmarks regressed by the head (68 in POSTER++'s
            checkpoint, 5 in the ones ``configs/pretrain/`` makes); None builds
            no head (the backbone's prior branch needs only the maps).
        init_cfg (dict, optional): mmengine initialisation config.

    Shapes: (B, 3, 112, 112) -> maps (B, 64, 28, 28), (B, 128, 14, 14), (B, 512, 7, 7), which
    :meth:`forward` returns; :meth:`regress_landmarks` gives the head's (B, num_landmarks, 2)
    output, (x, y) per landmark in the standardised units the landmark tool trains it in.

    Examples:
        >>> import torch
        >>> net = MobileFaceNet(num_landmarks=5)
        >>> [tuple(m.shape) for m in net(torch.randn(2, 3, 112, 112))]
        [(2, 64, 28, 28), (2, 128, 14, 14), (2, 512, 7, 7)]
        >>> tuple(net.regress_landmarks(torch.randn(2, 3, 112, 112)).shape)
        (2, 5, 2)
    """

    out_channels = (64, 128, 512)
    strides = (4, 8, 16)  # relative to the 112x112 input

    def __init__(self, num_landmarks=POSTERPP_NUM_LANDMARKS, init_cfg=None) -> None:
        super().__init__(init_cfg)
        self.conv1 = ConvBNPReLU(3, 64, 3, 2, 1)
        self.conv2_dw = ConvBNPReLU(64, 64, 3, 1, 1, groups=64)
        self.conv_23 = DepthWise(64, 64, hidden=128, stride=2)
        self.conv_3 = ResidualStage(64, num_blocks=4, hidden=128)
        self.conv_34 = DepthWise(64, 128, hidden=256, stride=2)
        self.conv_4 = ResidualStage(128, num_blocks=6, hidden=256)
        self.conv_45 = DepthWise(128, 128, hidden=512, stride=2)
        self.conv_5 = ResidualStage(128, num_blocks=2, hidden=256)
        self.conv_6_sep = ConvBNPReLU(128, 512)
        self.num_landmarks = num_landmarks
        self.output_layer = None if num_landmarks is None else LandmarkHead(num_landmarks)

    def forward(self, x: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        x = self.conv_23(self.conv2_dw(self.conv1(x)))
        out3 = self.conv_3(x)
        out4 = self.conv_4(self.conv_34(out3))
        out5 = self.conv_6_sep(self.conv_5(self.conv_45(out4)))
        return out3, out4, out5

    def regress_landmarks(self, x: Tensor) -> Tensor:
        if self.output_layer is None:
            raise RuntimeError('this MobileFaceNet was built without a landmark head '
                               '(num_landmarks=None)')
        return self.output_layer(self(x)[-1]).view(x.shape[0], -1, 2)


def load_posterpp_checkpoint(model: MobileFaceNet, path: str) -> Dict[str, list]:
    """Load a POSTER++-layout MobileFaceNet checkpoint into ``model``, strictly.

    The file is a dict with ``state_dict`` (keys may carry a ``module.`` prefix, as saved from
    DataParallel), read with ``torch.load(weights_only=True)``. When ``model`` has no landmark
    head, the file's ``output_layer.*`` weights are left out; every other key must match.

    Returns:
        dict: ``unused_head_keys``, the head weights that were left out.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: the file is not such a checkpoint, or keys or shapes do not match (the
            message lists the missing and unexpected keys).
    """
    checkpoint = read_weights_file(path, 'landmark-branch checkpoint')
    state = checkpoint.get('state_dict', checkpoint) if isinstance(checkpoint, dict) else None
    if not is_state_dict(state):
        raise ValueError(f'{path}: expected a dict with a "state_dict" of tensors, as POSTER++ '
                         'saves mobilefacenet_model_best.pth.tar')
    state = {k[len('module.'):] if k.startswith('module.') else k: v for k, v in state.items()}
    unused = []
    if model.output_layer is None:
        unused = sorted(k for k in state if k.startswith('output_layer.'))
        state = {k: v for k, v in state.items() if k not in unused}
    check_fits(model.state_dict(), state, path,
               f'MobileFaceNet(num_landmarks={model.num_landmarks})')
    model.load_state_dict(state, strict=True)
    return dict(unused_head_keys=unused)
