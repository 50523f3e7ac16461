"""Latency of every detector in one process, interleaved: the table of docs/benchmarks.md.

    python benchmarks/latency.py [--official DEIM_CHECKOUT] [--sizes n s m] [--shape 640]
                                 [--threads 2] [--rounds 9] [--warmup 2] [--no-deploy]
                                 [--out docs/results/latency_cpu.json]

Each model is the whole network without post-processing (backbone, neck, head: the query
logits and boxes), random weights, batch 1, eval mode, PyTorch eager, re-parameterised for
inference (``switch_to_deploy``; --no-deploy times the training form). With --official (a
checkout that benchmarks/official_deim_checkout.sh makes) DEIM's own models after
its ``model.deploy()`` run beside ours. The models are built once, warmed up, then timed in
rounds: each round runs every model once, so a slow spell of the machine hits all of them
alike; the table gives each model's minimum and median over the rounds and their ratios to our
DEIM of its size (our DEIM's ratio is to the official one), with the model's GFLOPs (one
multiply-add = one FLOP, as MMDetection counts them) and their ratio: the time a model's extra
arithmetic must take is at least its extra FLOPs over the machine's best fp32 matrix-product
rate, which the header prints (a 1024-cubed product timed in the same rounds). Run it with
nothing else on the machine.
"""
import argparse
import functools
import os.path as osp
import statistics
import sys

import torch

from mmfer.benchmark import (
    MODEL_BASES,
    QueryNetwork,
    build_model,
    gemm_call,
    gemm_rate,
    gflops,
    query_network,
    results_path,
    write_results,
)
from mmfer.utils import register_all_modules
from mmfer.utils.timing import time_interleaved, torch_threads

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
GEMM = 'matrix product'
OFFICIAL = 'official DEIM-{}'
OURS = 'DEIM-{}'


def build_models(sizes, shape: int, deploy: bool, official=None) -> dict:
    """{(name, size): model}, each size's models together, the official one first."""
    models = {}
    for size in sizes:
        if official:
            from mmfer.benchmark.official_deim import build_official
            models[(OFFICIAL, size)] = build_official(official, size, shape, deploy=deploy)
        for name, base in MODEL_BASES.items():
            if osp.exists(osp.join(REPO, base.format(size))):
                models[(name, size)] = build_model(osp.join(REPO, base.format(size)),
                                                   deploy=deploy)
    return models


def time_models(models: dict, shape: int, rounds: int, warmup: int) -> tuple:
    """Each model's times in ms over ``rounds`` interleaved rounds, and the matrix-product
    rate (:func:`~mmfer.benchmark.gemm_rate`) from its product timed in the same rounds."""
    x = torch.rand(1, 3, shape, shape)
    calls = {key: functools.partial(query_network(model), x) for key, model in models.items()}
    calls[GEMM] = gemm_call()
    with torch.no_grad():
        times = time_interleaved(calls, rounds, warmup)
    return times, gemm_rate(min(times.pop(GEMM)))


def count_gflops(models: dict, shape: int) -> dict:
    """Each model's GFLOPs on one (1, 3, S, S) image."""
    x = torch.rand(1, 3, shape, shape)
    with torch.no_grad():
        return {key: gflops(QueryNetwork(model), x) for key, model in models.items()}


def table_rows(models: dict, times: dict, flops: dict) -> list:
    rows = []
    for (name, size), model in models.items():
        reference = OFFICIAL if name == OURS else OURS
        base = times.get((reference, size))
        compared = base is not None and name != OFFICIAL
        key = (name, size)
        rows.append(dict(
            model=name.format(size.upper()),
            params_m=round(sum(p.numel() for p in model.parameters()) / 1e6, 2),
            gflops=round(flops[key], 2),
            min_ms=round(min(times[key]), 1),
            median_ms=round(statistics.median(times[key]), 1),
            vs=reference.format(size.upper()) if compared else None,
            ratio=round(min(times[key]) / min(base), 2) if compared else None,
            median_ratio=round(statistics.median(times[key]) / statistics.median(base), 2)
            if compared else None,
            gflops_ratio=round(flops[key] / flops[(reference, size)], 2) if compared else None))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--official', metavar='DEIM_CHECKOUT',
                        help='time DEIM\'s own deploy models beside ours')
    parser.add_argument('--sizes', nargs='+', default=['n', 's', 'm'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=9)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--no-deploy', action='store_true',
                        help='time the training-form models (no switch_to_deploy / deploy())')
    parser.add_argument('--out', default=results_path('latency_cpu'))
    args = parser.parse_args(argv)
    register_all_modules()
    with torch_threads(args.threads):
        models = build_models(args.sizes, args.shape, not args.no_deploy, args.official)
        times, rate = time_models(models, args.shape, args.rounds, args.warmup)
    rows = table_rows(models, times, count_gflops(models, args.shape))
    form = 'training form' if args.no_deploy else 'deployed'
    print(f'{args.shape} px, batch 1, {args.threads} threads, eager, {form}, min / median of '
          f'{args.rounds} interleaved rounds; best fp32 matrix product here: {rate:.1f} '
          'GFLOPs per second')
    print('| model | params | GFLOPs | min | median | time vs (min / median) | GFLOPs vs |\n'
          '|---|---|---|---|---|---|---|')
    for r in rows:
        vs = f"{r['ratio']:.2f}x / {r['median_ratio']:.2f}x {r['vs']}" if r['vs'] else '-'
        flops_vs = f"{r['gflops_ratio']:.2f}x" if r['vs'] else '-'
        print(f"| {r['model']} | {r['params_m']:.2f} M | {r['gflops']:.2f} | "
              f"{r['min_ms']:.1f} ms | {r['median_ms']:.1f} ms | {vs} | {flops_vs} |")
    write_results(dict(shape=args.shape, threads=args.threads, rounds=args.rounds,
                       deployed=not args.no_deploy, official=bool(args.official),
                       gemm_gflops_per_s=round(rate, 1), rows=rows), args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
