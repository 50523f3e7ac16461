"""DEIM and Natten-DEIM as deployed on this CPU: every model in every runtime beside its compute
floor and its DEIM baseline, in one process.

For each size, DEIM, Natten-DEIM and, where the size has one, Natten-DEIM-lite (their model
configs: random weights, re-parameterised) go from image to detections (normalisation, network,
post-processing) in PyTorch and, exported once, in onnxruntime and OpenVINO. Every (model,
runtime) is timed in interleaved rounds (a slow spell of the machine hits all alike), each
timed call after ``--settle`` untimed calls of its own (so that the previous runtime's spinning
threads are idle again: without them a call pays for its neighbour's), and the whole
measurement is repeated: a time is the median of the repeats' medians. The compute floor is the
model's multiply-adds over this machine's best float32 matrix-product rate at the same threads
(a 1024-cubed product in PyTorch, timed in the same rounds, its best time); ``x floor`` is the
time over it, ``x DEIM`` the time over DEIM's of the same size and runtime, beside the FLOP
ratio. Nothing else should run.

``--free-attention`` adds, for each Natten-DEIM model, a row ``NAME, attention free``: the
same model with its neighborhood-attention cores costing nothing
(:func:`~mmfer.benchmark.free_attention`), the bound no attention kernel can beat.

    python benchmarks/deploy_speed.py [--sizes n s] [--shape 640] [--threads 2]
        [--runtimes torch onnxruntime openvino] [--models NAME ...] [--free-attention]
        [--rounds 10] [--warmup 2] [--settle 1] [--repeats 3]
        [--out docs/results/deploy_speed.json]
    python benchmarks/deploy_speed.py --combine RUN1.json RUN2.json RUN3.json --out OUT.json

``--combine`` merges separate runs (separate processes: their own sessions, threads and
memory) into one table: per (model, runtime) the median of the runs' medians, the best
minimum, the floor from the median matrix-product rate, and the ratios recomputed from those.
"""
import argparse
import json
import os.path as osp
import platform
import statistics
import sys
import tempfile

import torch

from mmfer.benchmark import (
    RUNTIME_NAMES,
    deployed_calls,
    free_attention,
    gemm_call,
    gemm_rate,
    model_configs,
    results_path,
    write_results,
)
from mmfer.utils.timing import time_interleaved, torch_threads

GEMM = ('matrix product', '')
REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
HEADER = ('| model | runtime | params (M) | GFLOPs | floor ms | min ms | median ms | images/s '
          '| x floor | x DEIM (FLOPs x) |')


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['n', 's'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--runtimes', nargs='+', choices=RUNTIME_NAMES, default=RUNTIME_NAMES)
    parser.add_argument('--models', nargs='+', metavar='NAME',
                        help='only these (DEIM-N, Natten-DEIM-N-lite, ...; DEIM of the size '
                        'is always timed, as the baseline)')
    parser.add_argument('--free-attention', action='store_true',
                        help='also time each Natten-DEIM model with free attention cores')
    parser.add_argument('--rounds', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--settle', type=int, default=1,
                        help='untimed calls before each timed one')
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--out', default=results_path('deploy_speed'))
    parser.add_argument('--combine', nargs='+', metavar='RUN_JSON',
                        help='merge these runs of this benchmark instead of timing')
    args = parser.parse_args(argv)
    if args.combine:
        results = combine_runs(args.combine)
        print_table(results['rows'])
        write_results(results, args.out)
        return 0
    with torch_threads(args.threads), tempfile.TemporaryDirectory() as folder:
        calls, info = {GEMM: gemm_call()}, {}
        for size in args.sizes:
            for name, config in model_configs(size, REPO).items():
                if args.models and name not in args.models and not name.startswith('DEIM'):
                    continue
                variants = {name: None}
                if args.free_attention and name.startswith('Natten'):
                    variants[f'{name}, attention free'] = free_attention
                for variant, transform in variants.items():
                    model_calls, info[variant] = deployed_calls(
                        config, args.shape, args.runtimes, args.threads, folder, transform)
                    info[variant]['base'] = f'DEIM-{size.upper()}'
                    calls.update({(variant, runtime): call
                                  for runtime, call in model_calls.items()})
        medians = {key: [] for key in calls}
        minimums = {key: [] for key in calls}
        for _ in range(args.repeats):
            repeat = time_interleaved(calls, args.rounds, args.warmup, args.settle)
            for key, times in repeat.items():
                medians[key].append(statistics.median(times))
                minimums[key].append(min(times))
    rate = gemm_rate(min(minimums.pop(GEMM)))
    del calls[GEMM]
    rows = []
    for (name, runtime) in calls:
        base = info[name]['base']
        rows.append(dict(
            model=name, runtime=runtime, params_m=round(info[name]['params_m'], 2),
            gflops=round(info[name]['gflops'], 2), min_ms=round(min(minimums[(name, runtime)]), 1),
            repeat_medians_ms=[round(m, 1) for m in medians[(name, runtime)]], vs=base,
            gflops_ratio=round(info[name]['gflops'] / info[base]['gflops'], 2),
            **timing_fields(statistics.median(medians[(name, runtime)]), info[name]['gflops'],
                            rate, statistics.median(medians[(base, runtime)]))))
    print_table(rows)
    write_results(dict(shape=args.shape, threads=args.threads, rounds=args.rounds,
                       warmup=args.warmup, settle=args.settle, repeats=args.repeats,
                       cpu=platform.processor(),
                       gemm_gflops_per_s=round(rate, 1), versions=versions(args.runtimes),
                       rows=rows), args.out)
    return 0


def print_table(rows) -> None:
    print(HEADER + '\n' + '|---' * 10 + '|')
    for r in rows:
        print(f"| {r['model']} | {r['runtime']} | {r['params_m']:.2f} | {r['gflops']:.2f} | "
              f"{r['floor_ms']:.1f} | {r['min_ms']:.1f} | {r['median_ms']:.1f} | "
              f"{r['images_per_s']:.1f} | {r['floor_ratio']:.2f} | "
              f"{r['deim_ratio']:.2f} ({r['gflops_ratio']:.2f}) |")


def timing_fields(median_ms: float, gflops: float, rate: float, base_median_ms: float) -> dict:
    """What a row derives from its median time: the compute floor at ``rate`` G multiply-adds
    per second, images per second, and the ratios to the floor and to DEIM's median."""
    floor_ms = gflops / rate * 1000
    return dict(floor_ms=round(floor_ms, 1), median_ms=round(median_ms, 1),
                images_per_s=round(1000 / median_ms, 1),
                floor_ratio=round(median_ms / floor_ms, 2),
                deim_ratio=round(median_ms / base_median_ms, 2))


def combine_runs(paths) -> dict:
    """Runs of this benchmark (its JSON files, the same models and settings) as one result."""
    runs = [json.load(open(path)) for path in paths]
    keys = [(r['model'], r['runtime']) for r in runs[0]['rows']]
    for path, run in zip(paths, runs):
        if [(r['model'], r['runtime']) for r in run['rows']] != keys:
            raise ValueError(f'{path}: other models or runtimes than {paths[0]}')
    rate = statistics.median(run['gemm_gflops_per_s'] for run in runs)
    by_key = dict(zip(keys, zip(*(run['rows'] for run in runs))))
    medians = {key: statistics.median(r['median_ms'] for r in per_run)
               for key, per_run in by_key.items()}
    rows = []
    for (model, runtime), per_run in by_key.items():
        first = {k: v for k, v in per_run[0].items() if k != 'repeat_medians_ms'}
        rows.append(dict(
            first, min_ms=min(r['min_ms'] for r in per_run),
            run_medians_ms=[r['median_ms'] for r in per_run],
            **timing_fields(medians[(model, runtime)], first['gflops'], rate,
                            medians[(first['vs'], runtime)])))
    return dict(runs[0], runs=len(runs), gemm_gflops_per_s=round(rate, 1),
                run_gemm_gflops_per_s=[run['gemm_gflops_per_s'] for run in runs], rows=rows)


def versions(runtimes) -> dict:
    """The versions of torch and of each runtime timed."""
    out = dict(torch=torch.__version__)
    for runtime in runtimes:
        if runtime != 'torch':
            out[runtime] = __import__(runtime).__version__
    return out


if __name__ == '__main__':
    sys.exit(main())
