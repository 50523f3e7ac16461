"""Which query tile makes the PyTorch neighborhood attention fastest on this CPU.

    python benchmarks/neighborhood_attention_tiles.py [--size 80] [--kernel 7] [--heads 8]
        [--head-dims 32 16] [--tiles 4x8 8x8 4x16 8x16 2x16 6x12] [--rounds 8] [--threads 2]
        [--out docs/results/neighborhood_attention_tiles.json]

For each channels-per-head count, every tile of ``--tiles`` runs ``na2d_pytorch`` (forward,
no autograd) on random (1, size, size, heads, dim) queries, keys and values once per round,
the tiles interleaved so that a slow spell of the machine hits all of them alike; the table
gives each tile's min / median ms over the rounds and marks the fastest by the median.
``na2d_pytorch``'s default tile is the one to beat.
"""
import argparse
import functools
import statistics

import torch

from mmfer.benchmark import results_path, write_results
from mmfer.models.layers.neighborhood_attention import na2d_pytorch
from mmfer.utils.timing import time_interleaved, torch_threads


def parse_tile(text: str):
    """'4x8' -> (4, 8)."""
    try:
        rows, cols = (int(v) for v in text.lower().split('x'))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'a tile is ROWSxCOLS, such as 4x8; got {text!r}') from None
    if rows < 1 or cols < 1:
        raise argparse.ArgumentTypeError(f'a tile needs positive sides, got {text!r}')
    return rows, cols


def sweep(size: int, kernel: int, heads: int, head_dim: int, tiles, rounds: int) -> dict:
    """{'RxC': {'min_ms', 'median_ms'}} for one map, the tiles interleaved over ``rounds``."""
    torch.manual_seed(0)
    q, k, v = (torch.randn(1, size, size, heads, head_dim) for _ in range(3))
    calls = {tile: functools.partial(na2d_pytorch, q, k, v, kernel, tile=tile) for tile in tiles}
    with torch.no_grad():
        times = time_interleaved(calls, rounds)
    return {f'{r}x{c}': dict(min_ms=round(min(t), 2), median_ms=round(statistics.median(t), 2))
            for (r, c), t in times.items()}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--size', type=int, default=80)
    parser.add_argument('--kernel', type=int, default=7)
    parser.add_argument('--heads', type=int, default=8)
    parser.add_argument('--head-dims', type=int, nargs='+', default=[32, 16])
    parser.add_argument('--tiles', type=parse_tile, nargs='+',
                        default=[(4, 8), (8, 8), (4, 16), (8, 16), (2, 16), (6, 12)])
    parser.add_argument('--rounds', type=int, default=8)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--out', default=results_path('neighborhood_attention_tiles'))
    args = parser.parse_args(argv)
    results = dict(size=args.size, kernel=args.kernel, heads=args.heads, threads=args.threads,
                   rounds=args.rounds, head_dims={})
    with torch_threads(args.threads):
        for dim in args.head_dims:
            row = sweep(args.size, args.kernel, args.heads, dim, args.tiles, args.rounds)
            results['head_dims'][str(dim)] = row
            best = min(row, key=lambda t: row[t]['median_ms'])
            print(f'{args.size} x {args.size}, kernel {args.kernel}, {args.heads} heads of {dim} '
                  f'channels, {args.threads} threads, {args.rounds} rounds')
            print('| tile | min ms | median ms |\n|---|---|---|')
            for tile, ms in row.items():
                mark = ' (fastest)' if tile == best else ''
                print(f"| {tile}{mark} | {ms['min_ms']} | {ms['median_ms']} |")
    write_results(results, args.out)
    return results


if __name__ == '__main__':
    main()
