"""Where a detector's inference time goes: each part's share of one forward pass.

    python benchmarks/model_parts_time.py CONFIG [CONFIG ...] [--shape 640] [--threads 2]
        [--depth 2] [--runs 3] [--warmup 2] [--no-deploy] [--out parts.json]

Each config's model (random weights, eval mode, deployed unless --no-deploy) runs the network
without post-processing on a random (1, 3, S, S) image; forward hooks time every module with
at most ``--depth`` dots in its name (``neck`` is depth 0, ``neck.nat_blocks.0`` depth 2), and
the table lists the parts that take at least 1 % of the whole, in ms per forward pass (mean
over --runs after --warmup). Nested parts are inside their parents' times. Run it with nothing
else on the machine for times; beside other work its shares still say where the time goes.
"""
import argparse
import collections
import sys
import time

import torch

from mmfer.benchmark import build_model, results_path, write_results
from mmfer.utils import register_all_modules
from mmfer.utils.timing import torch_threads


def part_times(model, x, depth: int, runs: int, warmup: int):
    """(ms of the whole forward, {part name: ms}), both per forward pass."""
    totals = collections.defaultdict(float)
    handles = []
    for name, module in model.named_modules():
        if not name or name.count('.') > depth or name.startswith('data_preprocessor'):
            continue
        def start(m, _inputs):
            m._part_start = time.perf_counter()

        def stop(m, _inputs, _output, name=name):
            totals[name] += time.perf_counter() - m._part_start
        handles += [module.register_forward_pre_hook(start), module.register_forward_hook(stop)]
    try:
        with torch.no_grad():
            for _ in range(warmup):
                model.bbox_head(model.extract_feat(x))
            totals.clear()
            begin = time.perf_counter()
            for _ in range(runs):
                model.bbox_head(model.extract_feat(x))
            whole = time.perf_counter() - begin
    finally:
        for handle in handles:
            handle.remove()
    return 1000 * whole / runs, {k: 1000 * v / runs for k, v in totals.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--depth', type=int, default=2)
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--no-deploy', action='store_true')
    parser.add_argument('--out', default=results_path('model_parts_time'))
    args = parser.parse_args(argv)
    register_all_modules()
    results = dict(shape=args.shape, threads=args.threads, runs=args.runs,
                   deployed=not args.no_deploy, configs={})
    with torch_threads(args.threads):
        x = torch.rand(1, 3, args.shape, args.shape)
        for config in args.configs:
            model = build_model(config, deploy=not args.no_deploy)
            whole, parts = part_times(model, x, args.depth, args.runs, args.warmup)
            shown = {k: round(v, 1) for k, v in sorted(parts.items()) if v >= 0.01 * whole}
            results['configs'][config] = dict(total_ms=round(whole, 1), parts_ms=shown)
            print(f'{config}: {whole:.1f} ms a forward pass at {args.shape} px, '
                  f'{args.threads} threads')
            print('| part | ms | share |\n|---|---|---|')
            for name, ms in shown.items():
                print(f'| {name} | {ms:.1f} | {100 * ms / whole:.0f} % |')
    write_results(results, args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
