"""What Natten-DEIM costs against its DEIM baseline, on this CPU, in one process.

For each size, DEIM, Natten-DEIM and, where the size has one, Natten-DEIM-lite (their model
configs: 300 queries, random weights) are timed from image to detections as
tools/analysis_tools/benchmark.py times them (min and median over --runs after --warmup), in
the same process with the same threads; nothing else should run on the machine meanwhile.
Prints the ratio of the minimum latencies and writes JSON.

    python benchmarks/natten_deim_cost.py [--sizes n s] [--shape 640] [--threads 2]
        [--warmup 3] [--runs 10] [--runtime torch|onnxruntime]
        [--out docs/results/natten_deim_cost.json]
"""
import argparse
import os.path as osp
import sys

from mmfer.benchmark import benchmark_detector, model_configs, results_path, write_results

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['n', 's'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--runtime', choices=['torch', 'onnxruntime'], default='torch')
    parser.add_argument('--out', default=results_path('natten_deim_cost'))
    args = parser.parse_args(argv)
    results = dict(shape=args.shape, threads=args.threads, runs=args.runs,
                   runtime=args.runtime, sizes={})
    for size in args.sizes:
        timing = {name: benchmark_detector(config, shape=args.shape, runtime=args.runtime,
                                           threads=args.threads, warmup=args.warmup,
                                           runs=args.runs)
                  for name, config in model_configs(size, REPO).items()}
        base = timing[f'DEIM-{size.upper()}']['min_ms']
        results['sizes'][size] = dict(timing, ratios_min={
            name: t['min_ms'] / base for name, t in timing.items() if not name.startswith('D')})
        print(f'{size.upper()}: ' + ', '.join(
            f'{name} {t["min_ms"]:.1f} ms (median {t["median_ms"]:.1f})'
            + ('' if name.startswith('D') else f': {t["min_ms"] / base:.2f}x')
            for name, t in timing.items()))
    write_results(results, args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
