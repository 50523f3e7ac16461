import pytest
import torch

from mmfer.models.layers import neighborhood_attention as na


def reference_na2d(q, k, v, kernel):
    """Dense attention with an explicit NAT window mask, written independently of mmfer's."""
    b, h, w, heads, d = q.shape
    kh, kw = min(kernel, h), min(kernel, w)
    mask = torch.zeros(h * w, h * w, dtype=torch.bool)
    for i in range(h):
        si = min(max(i - kh // 2, 0), h - kh)
        for j in range(w):
            sj = min(max(j - kw // 2, 0), w - kw)
            for y in range(si, si + kh):
                mask[i * w + j, y * w + sj:y * w + sj + kw] = True
    qf, kf, vf = (t.reshape(b, h * w, heads, -1).transpose(1, 2) for t in (q, k, v))
    scores = (qf @ kf.transpose(-1, -2)) * d ** -0.5
    out = scores.masked_fill(~mask, float('-inf')).softmax(-1) @ vf
    return out.transpose(1, 2).reshape(b, h, w, heads, -1)


SHAPES = [  # (H, W, kernel): square, odd, non-square, maps smaller than the kernel
    (8, 8, 3), (9, 11, 5), (13, 7, 7), (4, 6, 5), (3, 3, 7), (1, 9, 3), (20, 20, 7)]


def qkv(h, w, seed=0, heads=2, dim=8, requires_grad=False):
    gen = torch.Generator().manual_seed(seed)
    return [torch.randn(2, h, w, heads, dim, generator=gen).requires_grad_(requires_grad)
            for _ in range(3)]


@pytest.mark.parametrize('h, w, kernel', SHAPES)
def test_pytorch_path_matches_reference_forward_and_backward(h, w, kernel):
    q, k, v = qkv(h, w, requires_grad=True)
    out = na.na2d_pytorch(q, k, v, kernel, tile=(2, 4))
    grad = torch.randn_like(out)
    grads = torch.autograd.grad(out, (q, k, v), grad)
    ref = reference_na2d(q, k, v, kernel)
    ref_grads = torch.autograd.grad(ref, (q, k, v), grad)
    assert (out - ref).abs().max() <= 1e-5
    for g, r in zip(grads, ref_grads):
        assert (g - r).abs().max() <= 1e-5


# natten runs these itself (a 1-pixel-high map falls back to the PyTorch path: see below)
NATTEN_SHAPES = [s for s in SHAPES if min(s[0], s[1]) > 1]


@pytest.mark.parametrize('h, w, kernel', NATTEN_SHAPES)
def test_pytorch_path_matches_natten(h, w, kernel, monkeypatch):
    natten = pytest.importorskip('natten')
    calls = []
    na2d = natten.na2d
    monkeypatch.setattr(natten, 'na2d', lambda *a, **kw: calls.append(1) or na2d(*a, **kw))
    q, k, v = qkv(h, w, seed=1)
    ours = na.neighborhood_attention_2d(q, k, v, kernel, backend='pytorch')
    theirs = na.neighborhood_attention_2d(q, k, v, kernel, backend='natten')
    assert calls == [1]  # natten's own operator computed `theirs`
    assert (ours - theirs).abs().max() <= 1e-4


def test_one_pixel_maps_leave_natten_for_the_pytorch_path(monkeypatch):
    natten = pytest.importorskip('natten')

    def refuse(*args, **kwargs):
        raise AssertionError('natten refuses a kernel of 1; it must not be called')
    monkeypatch.setattr(natten, 'na2d', refuse)
    q, k, v = qkv(1, 9, seed=1)
    out = na.neighborhood_attention_2d(q, k, v, 3, backend='natten')
    assert (out - reference_na2d(q, k, v, 3)).abs().max() <= 1e-5


@pytest.mark.skipif(not torch.cuda.is_available(), reason='natten backward needs a GPU')
def test_gradients_match_natten_on_gpu():
    q, k, v = (t.cuda().requires_grad_() for t in qkv(24, 20, seed=2))
    grad = torch.randn(2, 24, 20, 2, 8, device='cuda')
    ours = torch.autograd.grad(na.na2d_pytorch(q, k, v, 7), (q, k, v), grad)
    theirs = torch.autograd.grad(na.na2d_natten(q, k, v, 7), (q, k, v), grad)
    for a, b in zip(ours, theirs):
        assert (a - b).abs().max() <= 1e-4


def test_tile_size_does_not_change_the_result():
    q, k, v = qkv(10, 37, seed=3)
    tiles = (1, 4, 16, 64, (1, 16), (3, 5), (4, 8), (16, 1), (64, 64))
    outs = [na.na2d_pytorch(q, k, v, 5, tile=t) for t in tiles]
    for o in outs[1:]:
        assert (o - outs[0]).abs().max() <= 1e-5


def test_auto_uses_pytorch_on_cpu(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError('natten must not be used on CPU by default')
    monkeypatch.setattr(na, 'na2d_natten', refuse)
    q, k, v = qkv(6, 6)
    assert not na.natten_usable(q.device)
    na.neighborhood_attention_2d(q, k, v, 3)


@pytest.mark.parametrize('has_libnatten', [False, True])
def test_auto_uses_natten_on_cuda_only_with_its_compiled_kernels(monkeypatch, has_libnatten):
    """natten without libnatten runs an unfused path ~15x slower than ours on an H200."""
    natten = pytest.importorskip('natten')
    monkeypatch.setattr(natten, 'HAS_LIBNATTEN', has_libnatten, raising=False)
    assert na.natten_usable(torch.device('cuda')) is has_libnatten
    assert not na.natten_usable(torch.device('cpu'))


def test_bad_arguments():
    q, k, v = qkv(6, 6)
    with pytest.raises(ValueError, match='backend'):
        na.neighborhood_attention_2d(q, k, v, 3, backend='cuda')
    with pytest.raises(ValueError, match='odd'):
        na.na2d_pytorch(q, k, v, 4)


@pytest.mark.parametrize('h, w', [(8, 8), (9, 11)])
def test_attention_module_is_its_projections_around_the_reference(h, w):
    """The module's own head-first PyTorch path (padded and unpadded maps) against the
    independent reference between its q/k/v and output projections."""
    from mmfer.models.layers import NeighborhoodAttention2D
    torch.manual_seed(0)
    module = NeighborhoodAttention2D(16, num_heads=2, kernel_size=5, backend='pytorch')
    x = torch.randn(2, h, w, 16)
    q, k, v = module.qkv(x).view(2, h, w, 3, 2, 8).unbind(3)
    expected = module.proj(reference_na2d(q, k, v, 5).reshape(2, h, w, 16))
    assert (module(x) - expected).abs().max() <= 1e-5
