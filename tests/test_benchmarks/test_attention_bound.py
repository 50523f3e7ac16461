"""mmfer.benchmark.free_attention: the bound of a perfect neighborhood-attention kernel."""
import pytest
import torch
from torch import nn

from mmfer.benchmark import ValuesOnly, free_attention
from mmfer.models.layers import NATBlock, NeighborhoodAttention2D


def test_attention_layers_become_their_projections_of_the_values():
    model = nn.Sequential(NATBlock(16, num_heads=2, kernel_size=3),
                          nn.Sequential(NATBlock(16, num_heads=4, kernel_size=5)))
    attentions = [m for m in model.modules() if isinstance(m, NeighborhoodAttention2D)]
    assert free_attention(model) is model
    assert not any(isinstance(m, NeighborhoodAttention2D) for m in model.modules())
    bounds = [m for m in model.modules() if isinstance(m, ValuesOnly)]
    assert len(bounds) == 2
    x = torch.randn(2, 5, 7, 16)
    for attention, bound in zip(attentions, bounds):
        assert bound.qkv is attention.qkv and bound.proj is attention.proj
        value = attention.qkv(x)[..., 32:]
        torch.testing.assert_close(bound(x), attention.proj(value))
        # what the real layer computes differs: the bound skips the attention's weighting
        assert not torch.allclose(bound(x), attention(x), atol=1e-3)
    assert model(torch.randn(1, 16, 6, 6)).shape == (1, 16, 6, 6)


def test_a_model_without_attention_is_refused():
    with pytest.raises(ValueError, match='Conv2d has no neighborhood-attention layer'):
        free_attention(nn.Conv2d(3, 3, 1))
