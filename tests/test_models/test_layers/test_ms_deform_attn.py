import pytest
import torch
from mmcv.ops.multi_scale_deform_attn import multi_scale_deformable_attn_pytorch

from mmfer.models.layers.ms_deform_attn import MSDeformableAttention, sample_levels, split_values

SHAPES = [(8, 10), (4, 5), (2, 3)]


def memory(b=2, c=16, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return torch.randn(b, sum(h * w for h, w in SHAPES), c, generator=gen)


def test_sampling_matches_mmcv_with_equal_points_per_level():
    b, heads, points, q = 2, 4, 3, 5
    mem = memory()
    gen = torch.Generator().manual_seed(1)
    locations = torch.rand(b, q, heads, len(SHAPES), points, 2, generator=gen)
    weights = torch.rand(b, q, heads, len(SHAPES), points, generator=gen).softmax(-1)
    ours = sample_levels(split_values(mem, SHAPES, heads), locations.flatten(3, 4),
                         weights.flatten(3, 4), [points] * len(SHAPES))
    value = mem.view(b, mem.shape[1], heads, -1)
    reference = multi_scale_deformable_attn_pytorch(value, torch.tensor(SHAPES), locations,
                                                    weights)
    assert torch.allclose(ours, reference, atol=1e-5)


def test_per_level_points_shapes_and_initial_ring():
    attn = MSDeformableAttention(16, num_heads=4, num_points=(3, 6, 3))
    query = torch.randn(2, 7, 16)
    ref = torch.rand(2, 7, 4) * 0.5 + 0.25
    out = attn(query, ref, split_values(memory(), SHAPES, 4))
    assert out.shape == (2, 7, 16)
    # zero offset weights at init: level-l points sit on rings of radius 1..n_l / n_l
    bias = attn.sampling_offsets.bias.view(4, 12, 2)
    assert bias.abs().amax(-1)[0].tolist() == [1, 2, 3, 1, 2, 3, 4, 5, 6, 1, 2, 3]
    with pytest.raises(ValueError, match='value levels'):
        attn(query, ref, split_values(memory(), SHAPES, 4)[:2])
