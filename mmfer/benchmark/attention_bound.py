"""What a perfect neighborhood-attention kernel could give: a model whose attention cores cost
nothing.

:func:`free_attention` swaps each :class:`~mmfer.models.layers.NeighborhoodAttention2D` for
:class:`ValuesOnly`, which keeps the layer's q/k/v and output projections (their multiply-adds
and their channels-last layout) but passes the values straight through where the attention
would weigh them: no scores, no softmax, no gathers, no moves to head-first and back. Timed
beside the real model, it bounds from below what any kernel for the attention itself can reach;
its outputs mean nothing.
"""
from torch import Tensor, nn


class ValuesOnly(nn.Module):
    """An attention layer's projections around a free core: ``proj(v)`` where ``v`` is the
    value third of ``qkv(x)``.

    Shapes: (B, H, W, C) -> (B, H, W, C).
    """

    def __init__(self, attention: nn.Module) -> None:
        super().__init__()
        self.qkv, self.proj = attention.qkv, attention.proj

    def forward(self, x: Tensor) -> Tensor:
        channels = x.shape[-1]
        return self.proj(self.qkv(x)[..., 2 * channels:])


def free_attention(model: nn.Module) -> nn.Module:
    """``model`` with every neighborhood-attention layer replaced, in place, by
    :class:`ValuesOnly`.

    Raises:
        ValueError: ``model`` has no neighborhood-attention layer.
    """
    from mmfer.models.layers import NeighborhoodAttention2D
    from mmfer.models.utils import replace_children
    if not replace_children(model, lambda m: isinstance(m, NeighborhoodAttention2D), ValuesOnly):
        raise ValueError(f'{type(model).__name__} has no neighborhood-attention layer')
    return model
