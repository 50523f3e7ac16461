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

The PyTorch path (:func:`na2d_pytorch`, :func:`na2d_heads_first`) never builds the full
H*W x H*W score matrix: memory stays linear in the map size, in the forward and in autograd's
backward.
"""
from typing import Tuple

import torch
from torch import Tensor
from torch.nn.modules.utils import _pair

BACKENDS = ('auto', 'natten', 'pytorch')


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


def _axis_tiles(length: int, kernel: int, tile: int, device=None):
    """Tiles of ``tile`` queries along one axis and the band of keys each tile needs.

    Returns:
        tuple: ``tile`` (possibly shrunk to fit), ``band_index`` (num_tiles, tile + kernel - 1)
        key positions per tile, and ``local`` (num_tiles, tile, kernel): for each query of a
        tile, where its window's keys sit inside the tile's band. Queries past ``length`` (the
        last tile's padding) get the last query's indices.
    """
    tile = max(1, min(tile, length - kernel + 1))
    band = tile + kernel - 1
    num_tiles = -(-length // tile)
    first = torch.arange(num_tiles, device=device) * tile
    band_start = (first - kernel // 2).clamp(0, length - kernel).clamp(max=length - band)
    queries = (first[:, None] + torch.arange(tile, device=device)).clamp(max=length - 1)
    local = window_indices(length, kernel, device)[queries] - band_start[:, None, None]
    band_index = band_start[:, None] + torch.arange(band, device=device)
    return tile, band_index, local


def _band_mask(local: Tensor, band: int) -> Tensor:
    """(num_tiles, tile, kernel) window positions within each tile's band -> (num_tiles, tile,
    band) bool: True where the band position is in the query's window (a contiguous range)."""
    position = torch.arange(band, device=local.device)
    return (position >= local[..., :1]) & (position <= local[..., -1:])


def na2d_pytorch(query: Tensor, key: Tensor, value: Tensor, kernel_size,
                 scale: float = None, tile=(4, 8)) -> Tensor:
    """Neighborhood attention in plain PyTorch (any device), natten's layout:
    :func:`na2d_heads_first` after moving the heads in front.

    Args:
        query, key: (B, H, W, heads, D).
        value: (B, H, W, heads, D_v).
        kernel_size (int | tuple[int, int]): odd window size, clamped to the map.
        scale (float, optional): defaults to ``D ** -0.5``.
        tile (int | tuple[int, int]): query rows and columns per tile (shrunk to fit the map).
            Defaults to (4, 8).

    Returns:
        Tensor: (B, H, W, heads, D_v).
    """
    batch, height, width, heads, dim = (int(v) for v in query.shape)

    def heads_first(x):  # (B, H, W, h, d) -> (B, h, H * W, d)
        return x.permute(0, 3, 1, 2, 4).reshape(batch, heads, height * width, -1)
    out = na2d_heads_first(heads_first(query), heads_first(key), heads_first(value),
                           (height, width), kernel_size, scale, tile)
    return out.permute(0, 2, 3, 1, 4)


def na2d_heads_first(query: Tensor, key: Tensor, value: Tensor, size: Tuple[int, int],
                     kernel_size, scale: float = None, tile=(4, 8)) -> Tensor:
    """Neighborhood attention in plain PyTorch on head-first maps, flattened row-major.

    The queries are cut into tiles of ``t_h`` x ``t_w``. A tile's queries all need the same
    block of ``(t_h + k_h - 1) x (t_w + k_w - 1)`` keys: one gather builds every tile's block,
    one batched matrix product scores each tile's queries against its block, the keys outside
    each query's window are masked to ``-inf`` (a window is a product of a row and a column
    range, so the mask is built from two small per-axis masks), and after the softmax a second
    product with the value block gives the output. Two matrix products in all, on contiguous
    head-first tensors: the work is ``(t_h + k_h - 1)(t_w + k_w - 1) / (k_h k_w)`` times the
    plain dot products, memory linear in the gathered blocks (``H * W`` times
    ``(t_h + k_h - 1)(t_w + k_w - 1) / (t_h t_w)`` keys and values). Masking costs a softmax
    over the whole block but saves picking each window's scores out of it and scattering its
    weights back (faster or as fast: docs/benchmarks.md, which also gives the tile shapes
    compared). Padding to whole tiles, and cutting it off again, happens only where the map
    needs it, so an exported graph has no copies that change nothing. Autograd differentiates
    it as it stands.

    Args:
        query, key: (B, heads, H * W, D).
        value: (B, heads, H * W, D_v).
        size (tuple[int, int]): the map's H and W.
        kernel_size, scale, tile: as :func:`na2d_pytorch`.

    Returns:
        Tensor: (B, heads, H, W, D_v).
    """
    # plain ints: an exported (traced) graph gets constant shapes
    batch, heads, _, dim = (int(v) for v in query.shape)
    height, width = (int(v) for v in size)
    kh, kw = clamp_kernel(kernel_size, height, width)
    scale = dim ** -0.5 if scale is None else scale
    tile_h, tile_w = _pair(tile)
    tile_h, band_rows, local_rows = _axis_tiles(height, kh, tile_h, query.device)
    tile_w, band_cols, local_cols = _axis_tiles(width, kw, tile_w, query.device)
    tiles_h, band_h = band_rows.shape
    tiles_w, band_w = band_cols.shape
    pad_h, pad_w = tiles_h * tile_h - height, tiles_w * tile_w - width
    # the keys of each tile's block, as flat H * W positions: (tiles_h, tiles_w, band_h, band_w)
    block = (band_rows[:, None, :, None] * width + band_cols[None, :, None, :]).flatten()
    # which of its tile's block keys each query sees: (tiles, t_h * t_w, band_h * band_w)
    outside = ~(_band_mask(local_rows, band_h)[:, None, :, None, :, None]
                & _band_mask(local_cols, band_w)[None, :, None, :, None, :])
    outside = outside.reshape(tiles_h * tiles_w, tile_h * tile_w, band_h * band_w)

    # products and softmax on 4-D tensors (images x heads, tiles, ...): OpenVINO runs a 6-D
    # softmax as five separate ops, several times slower
    def blocks(x):  # (B, h, H * W, d) -> (B * h, tiles, band_h * band_w, d)
        return x.index_select(2, block).view(batch * heads, tiles_h * tiles_w,
                                              band_h * band_w, -1)

    q = (query * scale).view(batch, heads, height, width, dim)
    if pad_h or pad_w:  # zero queries fill the last tiles
        q = torch.nn.functional.pad(q, (0, 0, 0, pad_w, 0, pad_h))
    q = q.reshape(batch, heads, tiles_h, tile_h, tiles_w, tile_w, dim).transpose(3, 4)
    q = q.reshape(batch * heads, tiles_h * tiles_w, tile_h * tile_w, dim)
    scores = q @ blocks(key).transpose(-1, -2)
    # one additive mask for every image and head (broadcast); faster than masked_fill_ here
    attn = scores.add_(scores.new_zeros(outside.shape).masked_fill_(outside, float('-inf')))
    attn = attn.softmax(-1)
    out = (attn @ blocks(value)).view(batch, heads, tiles_h, tiles_w, tile_h, tile_w, -1)
    out = out.transpose(3, 4).reshape(batch, heads, tiles_h * tile_h, tiles_w * tile_w, -1)
    return out[:, :, :height, :width] if pad_h or pad_w else out


def natten_usable(device: torch.device) -> bool:
    """Whether natten has a fused kernel worth using on ``device``: CUDA, and natten built with
    libnatten (its compiled CUDA kernels).

    Without libnatten (the pure-Python wheel pip installs when it cannot build), natten runs its
    unfused Flex path, many times slower than the PyTorch path on a GPU and building the whole
    score matrix on a CPU (docs/benchmarks.md): the PyTorch path is used there.
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
    if uses_natten(backend, query.device):
        return na2d_natten(query, key, value, kernel_size, scale)
    return na2d_pytorch(query, key, value, kernel_size, scale)


def uses_natten(backend: str, device: torch.device) -> bool:
    """Whether ``backend`` (``'auto'``, ``'natten'`` or ``'pytorch'``) runs natten on
    ``device``."""
    if backend not in BACKENDS:
        raise ValueError(f'backend must be one of {BACKENDS}, got {backend!r}')
    return backend == 'natten' or (backend == 'auto' and natten_usable(device))
