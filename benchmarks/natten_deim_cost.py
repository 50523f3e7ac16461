"""What Natten-DEIM costs against its DEIM baseline: network forward latency on this CPU.

Both detectors of a size are built from their model configs (300 queries), in eval mode, and
run ``model(x, mode='tensor')`` (backbone, neck, transformer; no post-processing) on the same
random image in the same process with the same threads, alternating between the two models so
that any drift of the machine hits both alike. Min and median over ``--runs`` runs after
``--warmup``; nothing else should run on the machine meanwhile.

    python benchmarks/natten_deim_cost.py [--sizes n s] [--shape 640] [--threads 2]
                                          [--runs 10] [--out benchmarks/results/...json]
"""
import argparse
import statistics
import time

import torch
from mmengine.config import Config
from results_io import write_results

from mmfer.registry import MODELS
from mmfer.utils import register_all_modules

CONFIGS = dict(deim='configs/_base_/models/deim_hgnetv2_{}.py',
               natten_deim='configs/_base_/models/natten_deim_{}.py')


def build(config: str) -> torch.nn.Module:
    model = MODELS.build(Config.fromfile(config).model)
    return model.eval()


@torch.no_grad()
def time_forward(models: dict, shape: int, warmup: int, runs: int) -> dict:
    x = torch.rand(1, 3, shape, shape)
    for model in models.values():
        for _ in range(warmup):
            model(x, mode='tensor')
    times = {name: [] for name in models}
    for _ in range(runs):
        for name, model in models.items():
            start = time.perf_counter()
            model(x, mode='tensor')
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: dict(min_ms=min(t), median_ms=statistics.median(t)) for name, t in
            times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['n', 's'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--out', default='benchmarks/results/natten_deim_cost.json')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    register_all_modules()
    results = dict(shape=args.shape, threads=args.threads, runs=args.runs, sizes={})
    for size in args.sizes:
        models = {name: build(config.format(size)) for name, config in CONFIGS.items()}
        timing = time_forward(models, args.shape, args.warmup, args.runs)
        for name, model in models.items():
            timing[name]['params_m'] = sum(p.numel() for p in model.parameters()) / 1e6
        ratio = timing['natten_deim']['min_ms'] / timing['deim']['min_ms']
        results['sizes'][size] = dict(timing, ratio_min=ratio)
        print(f'{size.upper()}: DEIM {timing["deim"]["min_ms"]:.1f} ms (median '
              f'{timing["deim"]["median_ms"]:.1f}), Natten-DEIM '
              f'{timing["natten_deim"]["min_ms"]:.1f} ms (median '
              f'{timing["natten_deim"]["median_ms"]:.1f}): {ratio:.2f}x')
    write_results(results, args.out)


if __name__ == '__main__':
    main()
