"""Stride-1 max pooling as maxima of shifted slices: the same function, faster on CPU."""
from typing import Tuple, Union

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.nn.modules.utils import _pair


class SlicedMaxPool2d(nn.Module):
    """``nn.MaxPool2d(kernel_size, stride=1, padding)`` computed separably: the maximum of
    ``k_h`` row-shifted slices, then of ``k_w`` column-shifted slices of that.

    The result is exactly max pooling's (a maximum is exact, and stride 1 makes ``ceil_mode``
    irrelevant). Why: PyTorch's CPU ``max_pool2d`` on NCHW maps is slow for small kernels, and
    the 2 x 2 pool in HGNetV2's stem was a third of DEIM-N's forward pass (docs/benchmarks.md).
    Its backward is slower than max pooling's, so :func:`~mmfer.models.utils.switch_to_deploy`
    swaps it in for inference only. An ONNX export gets a plain ``MaxPool`` node instead: the
    deploy runtimes pool natively (docs/benchmarks.md).

    Args:
        kernel_size (int | tuple[int, int]): pooling window.
        padding (int | tuple[int, int]): implicit ``-inf`` padding on each side. Defaults to 0.

    Shapes: (B, C, H, W) -> (B, C, H + 2 p_h - k_h + 1, W + 2 p_w - k_w + 1).

    Examples:
        >>> import torch
        >>> x = torch.randn(1, 4, 9, 9)
        >>> pool = SlicedMaxPool2d(3, padding=1)
        >>> torch.equal(pool(x), torch.nn.functional.max_pool2d(x, 3, 1, 1))
        True
    """

    def __init__(self, kernel_size: Union[int, Tuple[int, int]],
                 padding: Union[int, Tuple[int, int]] = 0) -> None:
        super().__init__()
        self.kernel_size = _pair(kernel_size)
        self.padding = _pair(padding)

    @classmethod
    def replaces(cls, pool: nn.Module) -> bool:
        """Whether ``pool`` is an ``nn.MaxPool2d`` this computes: stride 1, no dilation, no
        indices."""
        return (isinstance(pool, nn.MaxPool2d) and _pair(pool.stride) == (1, 1)
                and _pair(pool.dilation) == (1, 1) and not pool.return_indices)

    @classmethod
    def from_max_pool(cls, pool: nn.MaxPool2d) -> 'SlicedMaxPool2d':
        if not cls.replaces(pool):
            raise ValueError(f'{pool} is not a stride-1, undilated max pooling without indices')
        return cls(pool.kernel_size, pool.padding)

    def forward(self, x: Tensor) -> Tensor:
        (kh, kw), (ph, pw) = self.kernel_size, self.padding
        if torch.onnx.is_in_onnx_export():
            # one MaxPool node: the deploy runtimes pool natively, faster than the slices
            return F.max_pool2d(x, (kh, kw), 1, (ph, pw))
        if ph or pw:
            x = F.pad(x, (pw, pw, ph, ph), value=float('-inf'))
        return self._max_of_shifts(self._max_of_shifts(x, kh, -2), kw, -1)

    @staticmethod
    def _max_of_shifts(x: Tensor, kernel: int, dim: int) -> Tensor:
        """max over i < kernel of ``x[i : L - kernel + 1 + i]`` along ``dim``."""
        def shifted(i: int) -> Tensor:
            index = [slice(None)] * x.dim()
            index[dim] = slice(i, i - kernel + 1 or None)
            return x[tuple(index)]
        out = shifted(0)
        for i in range(1, kernel):
            out = torch.maximum(out, shifted(i))
        return out

    def extra_repr(self) -> str:
        return f'kernel_size={self.kernel_size}, padding={self.padding}'
