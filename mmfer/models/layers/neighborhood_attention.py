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

    Query columns are cut into tiles of ``tile``. Each tile's queries need the same
    ``k_h`` x ``tile + k_w - 1`` block of keys (``k_h`` window rows, a band of columns): one
    gather builds every tile's block, one batched matrix product scores each tile's queries
    against its block, and the ``k_h * k_w`` scores of each query's own window are picked from
    it; the values go the same way. Two matrix products in all, on contiguous head-first
    tensors (no copies inside them): the work is ``(tile + k_w - 1) / k_w`` times the plain
    dot products, memory linear in the gathered blocks' ``H * W * k_h * (tile + k_w - 1) / tile``
    keys and values. Autograd differentiates it as it stands.

    Args:
        query, key: (B, H, W, heads, D).
        value: (B, H, W, heads, D_v).
        kernel_size (int | tuple[int, int]): odd window size, clamped to the map.
        scale (float, optional): defaults to ``D ** -0.5``.
        tile (int): query columns per tile. Defaults to 16.

    Returns:
        Tensor: (B, H, W, heads, D_v).
    """
    # plain ints: an exported (traced) graph gets constant shapes
    batch, height, width, heads, dim = (int(v) for v in query.shape)
    kh, kw = clamp_kernel(kernel_size, height, width)
    scale = dim ** -0.5 if scale is None else scale
    rows = window_indices(height, kh, query.device)                      # (H, kh)
    tile, band_cols, local = _column_tiles(width, kw, tile, query.device)
    num_tiles, band = band_cols.shape
    # the keys of each (query row, tile) block, as flat H * W positions: (H, tiles, kh, band)
    block = (rows[:, None, :, None] * width + band_cols[None, :, None, :]).flatten()
    # where each query's window sits in its tile's block: (tiles, tile, kh * kw)
    pick = (torch.arange(kh, device=query.device)[:, None, None, None] * band
            + local).permute(1, 2, 0, 3).reshape(num_tiles, tile, kh * kw)
    pick = pick.expand(batch, heads, height, -1, -1, -1)

    def heads_first(x):  # (B, H, W, h, d) -> (B, h, H * W, d)
        return x.permute(0, 3, 1, 2, 4).reshape(batch, heads, height * width, -1)

    def blocks(x):  # (B, H, W, h, d) -> (B, h, H, tiles, kh * band, d)
        return heads_first(x).index_select(2, block).view(
            batch, heads, height, num_tiles, kh * band, -1)

    q = heads_first(query * scale).view(batch, heads, height, width, dim)
    q = torch.nn.functional.pad(q, (0, 0, 0, num_tiles * tile - width))  # zero query columns
    q = q.view(batch, heads, height, num_tiles, tile, dim)
    attn = (q @ blocks(key).transpose(-1, -2)).gather(-1, pick).softmax(-1)
    dense = attn.new_zeros(*attn.shape[:-1], kh * band).scatter(-1, pick, attn)
    out = (dense @ blocks(value)).view(batch, heads, height, num_tiles * tile, -1)
    return out[:, :, :, :width].permute(0, 2, 3, 1, 4)


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
