"""2-D neighborhood attention: natten's ``na2d`` where it has a kernel, plain PyTorch elsewhere.

Definition (NAT, Hassani et al. 2023, as natten >= 0.20 computes it): the query at (i, j)
attends to the k_h x k_w keys of the window that is centred on it, except near the borders,
where the window shifts inward so it always holds k_h x k_w keys. Window start along an axis of
length L: ``clamp(i - k // 2, 0, L - k)``. There is no relative position bias: natten >= 0.20
dropped it, and both paths must compute the same thing (positions reach the neck through its
convolutions).

Maps smaller than the kernel: the kernel is clamped to the map (``k = min(k, L)`` per axis), so
the query attends to the whole axis; natten refuses such kernels, the clamp makes both paths
agree.

The PyTorch path (:func:`na2d_pytorch`) never builds the full H*W x H*W score matrix: memory
stays linear in the map size, in the forward and in autograd's backward.
"""
from typing import Sequence, Tuple, Union

import torch
from torch import Tensor

BACKENDS = ('auto', 'natten', 'pytorch')


def _pair(value: Union[int, Sequence[int]]) -> Tuple[int, int]:
    return (value, value) if isinstance(value, int) else (int(value[0]), int(value[1]))


def clamp_kernel(kernel_size, height: int, width: int) -> Tuple[int, int]:
    """The kernel actually used on a ``height`` x ``width`` map (clamped to the map)."""
    kh, kw = _pair(kernel_size)
    if kh < 1 or kw < 1 or kh % 2 == 0 or kw % 2 == 0:
        raise ValueError(f'kernel_size must be odd and positive, got {(kh, kw)}')
    return min(kh, height), min(kw, width)


def window_indices(length: int, kernel: int, device=None) -> Tensor:
    """(length, kernel) index of the keys each position attends to along one axis."""
    pos = torch.arange(length, device=device)
    start = (pos - kernel // 2).clamp(0, length - kernel)
    return start[:, None] + torch.arange(kernel, device=device)[None]


def _column_tiles(width: int, kernel: int, tile: int, device=None):
    """Column tiles of ``tile`` queries and the key band each tile needs.

    Returns:
        tuple: ``tile`` (possibly shrunk to fit), ``band_cols`` (num_tiles, tile + kernel - 1)
        key columns per tile, and ``local`` (num_tiles, tile, kernel): for each query of a
        tile, where its window's keys sit inside the tile's band. Queries past ``width`` (the
        last tile's padding) get the last query's indices.
    """
    tile = max(1, min(tile, width - kernel + 1))
    band = tile + kernel - 1
    num_tiles = -(-width // tile)
    first = torch.arange(num_tiles, device=device) * tile
    band_start = (first - kernel // 2).clamp(0, width - kernel).clamp(max=width - band)
    queries = (first[:, None] + torch.arange(tile, device=device)).clamp(max=width - 1)
    window_start = (queries - kernel // 2).clamp(0, width - kernel)
    local = (window_start - band_start[:, None])[..., None] + torch.arange(kernel, device=device)
    band_cols = band_start[:, None] + torch.arange(band, device=device)
    return tile, band_cols, local


def na2d_pytorch(query: Tensor, key: Tensor, value: Tensor, kernel_size,
                 scale: float = None, tile: int = 16) -> Tensor:
    """Neighborhood attention in plain PyTorch (any device), natten's layout.

    Query columns are cut into tiles of ``tile``; per window row offset, each tile's queries
    meet the band of ``tile + k_w - 1`` key columns they need in one matrix product, and the
    k_w keys of each query's window are picked from it. The work is (1 + (k_w - 1) / tile)
    times the plain k_h * k_w dot products, memory linear in H * W * k_h * (tile + k_w).
    Autograd differentiates it as it stands.

    Args:
        query, key: (B, H, W, heads, D).
        value: (B, H, W, heads, D_v).
        kernel_size (int | tuple[int, int]): odd window size, clamped to the map.
        scale (float, optional): defaults to ``D ** -0.5``.
        tile (int): query columns per matrix product. Defaults to 16.

    Returns:
        Tensor: (B, H, W, heads, D_v).
    """
    # plain ints: an exported (traced) graph gets constant shapes
    batch, height, width, heads, dim = (int(v) for v in query.shape)
    kh, kw = clamp_kernel(kernel_size, height, width)
    scale = dim ** -0.5 if scale is None else scale
    rows = window_indices(height, kh, query.device)
    tile, band_cols, local = _column_tiles(width, kw, tile, query.device)
    num_tiles, band = band_cols.shape

    def tiles(x):  # (B, H, W, h, d) -> (B, H, tiles, h, tile, d), zero-padded columns
        x = torch.nn.functional.pad(x, (0, 0, 0, 0, 0, num_tiles * tile - width))
        return x.view(batch, height, num_tiles, tile, heads, -1).transpose(3, 4)

    def bands(x, dy):  # key rows of offset dy, then each tile's band of columns
        x = x.index_select(1, rows[:, dy]).index_select(2, band_cols.flatten())
        return x.view(batch, height, num_tiles, band, heads, -1).transpose(3, 4)

    q = tiles(query) * scale
    pick = local.view(1, 1, num_tiles, 1, tile, kw).expand(batch, height, -1, heads, -1, -1)
    scores = torch.cat([
        (q @ bands(key, dy).transpose(-1, -2)).gather(-1, pick) for dy in range(kh)
    ], dim=-1)                                       # (B, H, tiles, h, tile, kh * kw)
    attn = scores.softmax(-1).split(kw, dim=-1)
    out = 0
    for dy in range(kh):
        dense = attn[dy].new_zeros(*attn[dy].shape[:-1], band).scatter(-1, pick, attn[dy])
        out = out + dense @ bands(value, dy)         # (B, H, tiles, h, tile, D_v)
    out = out.transpose(3, 4).reshape(batch, height, num_tiles * tile, heads, -1)
    return out[:, :, :width]


def natten_usable(device: torch.device) -> bool:
    """Whether natten has a fused kernel worth using on ``device``: CUDA, and natten built with
    libnatten (its compiled CUDA kernels).

    Without libnatten (the pure-Python wheel pip installs when it cannot build), natten runs its
    unfused Flex path: on an H200 it took 87 ms for an 80x80, kernel-7, batch-8 map where the
    PyTorch path takes 5.6 ms (``benchmarks/neighborhood_attention_gpu.py``); on CPU it builds the
    whole score matrix (21 s and 4.8 GB for one such map here). The PyTorch path is used there.
    """
    if device.type != 'cuda':
        return False
    try:
        import natten
    except ImportError:
        return False
    return bool(getattr(natten, 'HAS_LIBNATTEN', False))


def na2d_natten(query: Tensor, key: Tensor, value: Tensor, kernel_size,
                scale: float = None) -> Tensor:
    """natten's ``na2d`` with the same kernel clamp as :func:`na2d_pytorch`.

    natten refuses a kernel of 1 along an axis (a map 1 pixel high or wide); such maps go
    through :func:`na2d_pytorch`.
    """
    import natten
    kernel = clamp_kernel(kernel_size, query.shape[1], query.shape[2])
    if min(kernel) < 2:
        return na2d_pytorch(query, key, value, kernel, scale)
    return natten.na2d(query, key, value, kernel_size=kernel, scale=scale)


def neighborhood_attention_2d(query: Tensor, key: Tensor, value: Tensor, kernel_size,
                              scale: float = None, backend: str = 'auto') -> Tensor:
    """2-D neighborhood attention through ``backend``: ``'natten'``, ``'pytorch'`` or
    ``'auto'`` (natten on CUDA when it has its compiled kernels, PyTorch otherwise).

    Shapes as :func:`na2d_pytorch`. Both backends compute the same function.
    """
    if backend not in BACKENDS:
        raise ValueError(f'backend must be one of {BACKENDS}, got {backend!r}')
    if backend == 'natten' or (backend == 'auto' and natten_usable(query.device)):
        return na2d_natten(query, key, value, kernel_size, scale)
    return na2d_pytorch(query, key, value, kernel_size, scale)
