"""A NAT-style transformer block: pre-norm neighborhood attention and MLP, both residual."""
import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from .neighborhood_attention import BACKENDS, na2d_heads_first, na2d_natten, uses_natten


class NeighborhoodAttention2D(BaseModule):
    """Multi-head 2-D neighborhood attention with its q/k/v and output projections.

    Args:
        embed_dims (int): channels C, divisible by ``num_heads``.
        num_heads (int): attention heads.
        kernel_size (int): odd neighborhood size (clamped to small maps).
        backend (str): ``'auto'``, ``'natten'`` or ``'pytorch'``; see
            :func:`~mmfer.models.layers.neighborhood_attention_2d`.
        init_cfg (dict, optional): mmengine initialisation config.

    Shapes: (B, H, W, C) -> (B, H, W, C).
    """

    def __init__(self, embed_dims: int, num_heads: int, kernel_size: int,
                 backend: str = 'auto', init_cfg=None) -> None:
        super().__init__(init_cfg)
        if embed_dims % num_heads:
            raise ValueError(f'embed_dims {embed_dims} is not divisible by num_heads {num_heads}')
        if backend not in BACKENDS:
            raise ValueError(f'backend must be one of {BACKENDS}, got {backend!r}')
        self.num_heads = num_heads
        self.kernel_size = kernel_size
        self.backend = backend
        self.qkv = nn.Linear(embed_dims, 3 * embed_dims)
        self.proj = nn.Linear(embed_dims, embed_dims)

    def forward(self, x: Tensor) -> Tensor:
        b, h, w, c = x.shape
        qkv = self.qkv(x)
        if uses_natten(self.backend, x.device):
            q, k, v = qkv.view(b, h, w, 3, self.num_heads, c // self.num_heads).unbind(3)
            out = na2d_natten(q, k, v, self.kernel_size)
        else:
            # q, k and v head-first (the PyTorch path's layout) by one permutation of them all
            q, k, v = qkv.view(b, h * w, 3, self.num_heads, c // self.num_heads).permute(
                2, 0, 3, 1, 4).unbind(0)
            out = na2d_heads_first(q, k, v, (h, w), self.kernel_size).permute(0, 2, 3, 1, 4)
        return self.proj(out.reshape(b, h, w, c))


class NATBlock(BaseModule):
    """``x + NA(LN(x))`` then ``x + MLP(LN(x))``, on channel-first maps.

    Args:
        embed_dims (int): channels C.
        num_heads (int): attention heads.
        kernel_size (int): neighborhood size.
        mlp_ratio (float): hidden width of the MLP over C. Defaults to 2.
        backend (str): neighborhood-attention backend. Defaults to ``'auto'``.
        init_cfg (dict, optional): mmengine initialisation config.

    Shapes: (B, C, H, W) -> (B, C, H, W).

    Examples:
        >>> import torch
        >>> block = NATBlock(32, num_heads=4, kernel_size=5)
        >>> block(torch.randn(2, 32, 9, 11)).shape
        torch.Size([2, 32, 9, 11])
    """

    def __init__(self, embed_dims: int, num_heads: int, kernel_size: int,
                 mlp_ratio: float = 2.0, backend: str = 'auto', init_cfg=None) -> None:
        super().__init__(init_cfg)
        hidden = int(embed_dims * mlp_ratio)
        self.norm1 = nn.LayerNorm(embed_dims)
        self.attn = NeighborhoodAttention2D(embed_dims, num_heads, kernel_size, backend)
        self.norm2 = nn.LayerNorm(embed_dims)
        self.mlp = nn.Sequential(nn.Linear(embed_dims, hidden), nn.GELU(),
                                 nn.Linear(hidden, embed_dims))

    def forward(self, x: Tensor) -> Tensor:
        # channels-last memory (one copy unless the map is stored so): the residual adds and
        # LayerNorms would otherwise read a permuted view, several times slower on CPU; the
        # output keeps the input's memory format
        layout = (torch.channels_last if x.is_contiguous(memory_format=torch.channels_last)
                  else torch.contiguous_format)
        x = x.permute(0, 2, 3, 1).contiguous()
        x = x + self.attn(self.norm1(x))
        x = x + self.mlp(self.norm2(x))
        return x.permute(0, 3, 1, 2).contiguous(memory_format=layout)
