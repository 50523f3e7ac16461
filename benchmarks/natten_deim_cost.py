"""What Natten-DEIM costs against its DEIM baseline, on this CPU, in one process.

For each size, DEIM, Natten-DEIM and, where the size has one, Natten-DEIM-lite (their model
configs: 300 queries, random weights) are timed by
tools/analysis_tools/benchmark.py's measurement (image to detections, min and median over
--runs after --warmup) in the same process with the same threads; nothing else should run on
the machine meanwhile. Prints the ratio of the minimum latencies and writes JSON.

    python benchmarks/natten_deim_cost.py [--sizes n s] [--shape 640] [--threads 2]
                                          [--runs 10] [--runtime torch|onnxruntime]
"""
import argparse
import os.path as osp
import sys

from results_io import write_results

sys.path.insert(0, osp.join(osp.dirname(osp.abspath(__file__)), '..'))
from tools.analysis_tools import benchmark as benchmark_tool  # noqa: E402

CONFIGS = dict(deim='configs/_base_/models/deim_hgnetv2_{}.py',
               natten_deim='configs/_base_/models/natten_deim_{}.py',
               natten_deim_lite='configs/_base_/models/natten_deim_{}_lite.py')
LABELS = dict(deim='DEIM', natten_deim='Natten-DEIM', natten_deim_lite='Natten-DEIM-lite')


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--sizes', nargs='+', default=['n', 's'], choices=['n', 's', 'm'])
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=3)
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--runtime', choices=['torch', 'onnxruntime'], default='torch')
    parser.add_argument('--out', default='benchmarks/results/natten_deim_cost.json')
    args = parser.parse_args()
    results = dict(shape=args.shape, threads=args.threads, runs=args.runs,
                   runtime=args.runtime, sizes={})
    for size in args.sizes:
        timing = {}
        for name, config in CONFIGS.items():
            if not osp.exists(config.format(size)):  # a variant only some sizes have
                continue
            timing[name] = benchmark_tool.benchmark(benchmark_tool.parse_args([
                config.format(size), '--shape', str(args.shape), '--threads',
                str(args.threads), '--warmup', str(args.warmup), '--runs', str(args.runs),
                '--runtime', args.runtime]))
        base = timing['deim']['min_ms']
        ratios = {f'ratio_min{name[len("natten_deim"):]}': timing[name]['min_ms'] / base
                  for name in timing if name != 'deim'}
        results['sizes'][size] = dict(timing, **ratios)
        print(f'{size.upper()}: ' + ', '.join(
            f'{LABELS[name]} {t["min_ms"]:.1f} ms (median {t["median_ms"]:.1f})'
            + ('' if name == 'deim' else f': {t["min_ms"] / base:.2f}x')
            for name, t in timing.items()))
    write_results(results, args.out)


if __name__ == '__main__':
    main()
