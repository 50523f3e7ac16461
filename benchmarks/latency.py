"""Latency of every detector in one process, interleaved: the table of docs/benchmarks.md.

    python benchmarks/latency.py [--sizes n s m] [--shape 640] [--threads 2] [--rounds 9]
                                 [--warmup 2] [--out docs/results/latency_cpu.json]

Each model is the whole network without post-processing (backbone, neck, head: the query
logits and boxes), random weights, batch 1, eval mode, PyTorch eager. The models are built
once, warmed up, then timed in rounds: each round runs every model once, so a slow spell of
the machine hits all of them alike; the table gives each model's minimum and median over the
rounds and its ratio to the DEIM model of its size. Run it with nothing else on the machine.
"""
import argparse
import os.path as osp
import statistics
import sys
import time

import torch

HERE = osp.dirname(osp.abspath(__file__))
sys.path.insert(0, osp.join(HERE, '..'))

from benchmarks.results_io import write_results  # noqa: E402
from mmfer.registry import MODELS  # noqa: E402
from mmfer.utils import register_all_modules  # noqa: E402

# name (with {} for the size) -> model base
MODEL_BASES = {'DEIM-{}': 'configs/_base_/models/deim_hgnetv2_{}.py',
               'Natten-DEIM-{}': 'configs/_base_/models/natten_deim_{}.py',
               'Natten-DEIM-{}-lite': 'configs/_base_/models/natten_deim_{}_lite.py'}


def build(config: str) -> torch.nn.Module:
    from mmengine.config import Config
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(osp.join(HERE, '..', config)).model).eval()
    model.init_weights()
    return model


def network(model):
    """The network without post-processing: image (1, 3, S, S) in [0, 1] -> logits, boxes."""
    def run(x):
        final = model.bbox_head(model.extract_feat(x)).decoder
        return final.logits, final.boxes
    return run


def time_models(sizes, shape: int, rounds: int, warmup: int):
    """Each model's times in ms over ``rounds`` interleaved rounds, and the models."""
    models = {}
    for size in sizes:
        for name, base in MODEL_BASES.items():
            if osp.exists(osp.join(HERE, '..', base.format(size))):
                models[(name, size)] = build(base.format(size))
    x = torch.rand(1, 3, shape, shape)
    times = {key: [] for key in models}
    with torch.no_grad():
        for model in models.values():
            for _ in range(warmup):
                network(model)(x)
        for _ in range(rounds):
            for key, model in models.items():
                start = time.perf_counter()
                network(model)(x)
                times[key].append(1000 * (time.perf_counter() - start))
    return times, models


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['n', 's', 'm'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=9)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--out', default='benchmarks/results/latency_cpu.json')
    args = parser.parse_args(argv)
    register_all_modules()
    threads = torch.get_num_threads()  # put back after: a caller must not inherit ours
    torch.set_num_threads(args.threads)
    try:
        times, models = time_models(args.sizes, args.shape, args.rounds, args.warmup)
    finally:
        torch.set_num_threads(threads)
    rows = []
    for (name, size), model in models.items():
        t = times[(name, size)]
        base = min(times[('DEIM-{}', size)])
        rows.append(dict(model=name.format(size.upper()), params_m=round(sum(
            p.numel() for p in model.parameters()) / 1e6, 2), min_ms=round(min(t), 1),
            median_ms=round(statistics.median(t), 1), ratio=round(min(t) / base, 2)))
    print(f'{args.shape} px, batch 1, {args.threads} threads, eager, min / median of '
          f'{args.rounds} interleaved rounds')
    print('| model | params | min | median | vs DEIM of its size |\n|---|---|---|---|---|')
    for r in rows:
        print(f"| {r['model']} | {r['params_m']:.2f} M | {r['min_ms']:.1f} ms | "
              f"{r['median_ms']:.1f} ms | {r['ratio']:.2f}x |")
    write_results(dict(shape=args.shape, threads=args.threads, rounds=args.rounds,
                       rows=rows), args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
