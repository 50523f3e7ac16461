"""natten's CUDA path against mmfer's PyTorch path, on a GPU: equality (forward and gradients)
and speed, for the maps a 640 px input gives.

Self-contained: it loads mmfer/models/layers/neighborhood_attention.py by its path, so it needs
only torch and natten (no mmcv / mmdet), as on a lent GPU machine.

    python benchmarks/neighborhood_attention_gpu.py [--out results.json] [--repeats 20] [--compiled]

``--compiled`` adds natten's Flex path under torch.compile (off by default: its autotuning
takes minutes per shape; docs/benchmarks.md).
"""
import argparse
import importlib.util
import json
import os
import os.path as osp

import torch

HERE = osp.dirname(osp.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    'neighborhood_attention',
    osp.join(HERE, '..', 'mmfer', 'models', 'layers', 'neighborhood_attention.py'))
na = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(na)

EQUALITY_SHAPES = [(8, 8, 3), (9, 11, 5), (13, 7, 7), (4, 6, 5), (3, 3, 7), (20, 20, 7),
                   (24, 20, 7)]
SPEED_SHAPES = [(80, 7), (40, 5), (20, 3)]


def natten_compiled(query, key, value, kernel_size):
    """natten's Flex backend compiled by torch.compile (fused kernels without libnatten).

    natten guards this mode (and, more strongly, its backward) as unverified; the guard is lifted
    here only to measure it, and the equality rows say whether it holds for our shapes.
    """
    import natten
    natten.allow_flex_compile(True, backprop=True)
    kernel = na.clamp_kernel(kernel_size, query.shape[1], query.shape[2])
    return natten.na2d(query, key, value, kernel_size=kernel, backend='flex-fna',
                       torch_compile=True)


def qkv(h, w, batch=2, heads=2, dim=8, seed=0, dtype=torch.float32):
    gen = torch.Generator(device='cuda').manual_seed(seed)
    return [torch.randn(batch, h, w, heads, dim, generator=gen, device='cuda', dtype=dtype)
            .requires_grad_() for _ in range(3)]


def equality(backends):
    rows = []
    for h, w, k in EQUALITY_SHAPES:
        q, kk, v = qkv(h, w)
        if min(h, w) < 2:
            continue
        grad = torch.randn(2, h, w, 2, 8, device='cuda')
        ours = na.na2d_pytorch(q, kk, v, k)
        g_ours = torch.autograd.grad(ours, (q, kk, v), grad)
        row = dict(shape=f'{h}x{w}', kernel=k)
        for name, fn in backends[1:]:
            try:
                theirs = fn(q, kk, v, k)
                g_theirs = torch.autograd.grad(theirs, (q, kk, v), grad)
            except Exception as error:  # a backend that cannot run is a result, not a crash
                row[name] = dict(error=f'{type(error).__name__}: {error}'[:300])
                continue
            row[name] = dict(forward=float((ours - theirs).abs().max()),
                             grads=[float((a - b).abs().max())
                                    for a, b in zip(g_ours, g_theirs)])
        rows.append(row)
        print(rows[-1], flush=True)
    return rows


def timed(fn, repeats):
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    return dict(min_ms=min(times), median_ms=sorted(times)[len(times) // 2])


def speed(backends, repeats, batch=8, heads=8, dim=32):
    rows = []
    for size, k in SPEED_SHAPES:
        for dtype in (torch.float32, torch.bfloat16):
            q, kk, v = qkv(size, size, batch, heads, dim, dtype=dtype)
            for name, fn in backends:
                args = (q, kk, v, k)

                def forward(fn=fn, args=args):
                    with torch.no_grad():
                        fn(*args)

                def train_step(fn=fn, args=args):
                    fn(*args).float().sum().backward()
                row = dict(backend=name, map=f'{size}x{size}', kernel=k, batch=batch,
                           dtype=str(dtype).split('.')[-1])
                try:
                    row.update(forward=timed(forward, repeats),
                               forward_backward=timed(train_step, repeats))
                except Exception as error:
                    row.update(error=f'{type(error).__name__}: {error}'[:300])
                rows.append(row)
                print(row, flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--out', default='docs/results/neighborhood_attention_gpu.json')
    parser.add_argument('--repeats', type=int, default=20)
    parser.add_argument('--compiled', action='store_true',
                        help="also natten's Flex path under torch.compile (slow to autotune)")
    args = parser.parse_args()
    import natten
    backends = [('pytorch', na.na2d_pytorch), ('natten', na.na2d_natten)]
    if args.compiled:
        backends.append(('natten_compiled', natten_compiled))
    result = dict(device=torch.cuda.get_device_name(), torch=torch.__version__,
                  natten=natten.__version__, has_libnatten=bool(natten.HAS_LIBNATTEN),
                  equality=equality(backends), speed=speed(backends, args.repeats))
    os.makedirs(osp.dirname(args.out) or '.', exist_ok=True)
    with open(args.out, 'w') as f:
        json.dump(result, f, indent=2)
    print('wrote', args.out)


if __name__ == '__main__':
    main()
