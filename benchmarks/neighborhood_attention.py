"""Forward (and backward) time and peak memory of the neighborhood-attention paths on this CPU.

The shapes are those of a 640x640 input: 80x80 (kernel 7), 40x40 (5) and 20x20 (3) maps with
256 channels in 8 heads, batch 1. Each measurement runs in a fresh process, so its peak
resident memory (minus the process's baseline) is the operator's own.

    python benchmarks/neighborhood_attention.py [--repeats 5] [--no-natten]
        [--out docs/results/neighborhood_attention.json]
"""
import argparse
import json
import resource
import subprocess
import sys
import time

from mmfer.benchmark import results_path, write_results

SHAPES = [(80, 7), (40, 5), (20, 3)]
HEADS, HEAD_DIM = 8, 32


def measure(backend: str, size: int, kernel: int, backward: bool, repeats: int) -> dict:
    """Runs inside the child process."""
    import torch

    from mmfer.models.layers.neighborhood_attention import na2d_natten, na2d_pytorch
    fn = dict(pytorch=na2d_pytorch, natten=na2d_natten)[backend]
    torch.manual_seed(0)
    qkv = [torch.randn(1, size, size, HEADS, HEAD_DIM, requires_grad=backward)
           for _ in range(3)]
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(repeats + 1):  # the first run warms up
        start = time.perf_counter()
        if backward:
            fn(*qkv, kernel).sum().backward()
        else:
            with torch.no_grad():
                fn(*qkv, kernel)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return dict(backend=backend, map=f'{size}x{size}', kernel=kernel,
                pass_='forward+backward' if backward else 'forward',
                min_ms=round(1000 * min(times[1:]), 1),
                median_ms=round(1000 * sorted(times[1:])[len(times[1:]) // 2], 1),
                peak_mb=round((peak - base) / 1024, 1), threads=torch.get_num_threads())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--no-natten', action='store_true', help='skip natten (slow on CPU)')
    parser.add_argument('--out', default=results_path('neighborhood_attention'))
    parser.add_argument('--child', nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        backend, size, kernel, backward = args.child
        print(json.dumps(measure(backend, int(size), int(kernel), backward == '1',
                                 args.repeats)))
        return
    cases = [('pytorch', s, k, b) for s, k in SHAPES for b in (0, 1)]
    if not args.no_natten:  # natten's CPU (Flex) path has no backward
        cases += [('natten', s, k, 0) for s, k in SHAPES]
    results = []
    for backend, size, kernel, backward in cases:
        repeats = args.repeats if backend == 'pytorch' else 1
        out = subprocess.run(
            [sys.executable, __file__, '--repeats', str(repeats), '--child', backend, str(size),
             str(kernel), str(backward)], capture_output=True, text=True, check=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(row)
        print(f"{row['backend']:8s} {row['map']:6s} k{row['kernel']} {row['pass_']:17s} "
              f"min {row['min_ms']:9.1f} ms  median {row['median_ms']:9.1f} ms  "
              f"peak +{row['peak_mb']:8.1f} MB", flush=True)
    write_results(dict(heads=HEADS, head_dim=HEAD_DIM, batch=1, results=results), args.out)


if __name__ == '__main__':
    main()
