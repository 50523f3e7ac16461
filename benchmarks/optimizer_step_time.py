"""The optimizer's step (gradient clipping + AdamW) of a config's model, with mmengine's
paramwise constructor (one parameter group per parameter) and with mmfer's
``GroupedOptimWrapperConstructor`` (one per setting), interleaved on the same gradients:
median and min milliseconds of each, and the number of groups. Nothing else should run on the
machine meanwhile.

    python benchmarks/optimizer_step_time.py CONFIG [--threads 2] [--steps 20] [--rounds 3]
"""
import argparse
import copy
import statistics
import time

import torch
from mmengine.config import Config
from mmengine.optim import build_optim_wrapper
from mmengine.registry import DefaultScope

from mmfer.benchmark import results_path, write_results
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.utils import register_all_modules

CONSTRUCTORS = ('DefaultOptimWrapperConstructor', 'GroupedOptimWrapperConstructor')


def step_times(cfg: Config, steps: int, rounds: int) -> dict:
    """``{constructor: dict(groups=..., seconds=[...])}``: ``rounds`` x ``steps`` timed steps of
    each, in alternating rounds, on the model's parameters with fixed random gradients."""
    model = MODELS.build(strip_pretrained_files(cfg.model))
    model.to(memory_format=torch.channels_last)  # as the synthetic recipe trains it
    for param in model.parameters():
        if param.requires_grad:
            param.grad = torch.randn_like(param)
    wrappers = {}
    for name in CONSTRUCTORS:
        wrappers[name] = build_optim_wrapper(model, dict(copy.deepcopy(cfg.optim_wrapper),
                                                         constructor=name))
        wrappers[name].step()  # the optimizer's state is made on the first step
    times = {name: dict(groups=len(w.optimizer.param_groups), seconds=[])
             for name, w in wrappers.items()}
    for _ in range(rounds):
        for name, wrapper in wrappers.items():
            for _ in range(steps):
                start = time.perf_counter()
                wrapper.step()
                times[name]['seconds'].append(time.perf_counter() - start)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--steps', type=int, default=20)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--out', default=results_path('optimizer_step_time'))
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    register_all_modules()
    DefaultScope.get_instance('optimizer_step_time', scope_name='mmfer')
    cfg = Config.fromfile(args.config)
    results = dict(config=args.config, threads=args.threads, steps=args.steps * args.rounds,
                   constructors={})
    for name, measured in step_times(cfg, args.steps, args.rounds).items():
        seconds = measured['seconds']
        results['constructors'][name] = dict(
            groups=measured['groups'], median_ms=1e3 * statistics.median(seconds),
            min_ms=1e3 * min(seconds))
        print(f'{name}: {measured["groups"]} parameter groups, median '
              f'{1e3 * statistics.median(seconds):.1f} ms a step (min '
              f'{1e3 * min(seconds):.1f}, {len(seconds)} steps, {args.threads} threads)')
    write_results(results, args.out)
    return results


if __name__ == '__main__':
    main()
