"""Seconds per training iteration of one or more configs, on this CPU, in one process.

Each config's model is built without its pretrained files (the weights do not change the
cost; a frozen part stays frozen), its train dataloader gives ``--warmup + --steps`` batches
up front, and each step (data preprocessor, forward with losses, backward, optimizer update)
is timed apart from the data loading. Prints the median and minimum step per config and
writes JSON. Nothing else should run on the machine meanwhile.

    python benchmarks/train_step_time.py CONFIG [CONFIG ...] [--cfg-options K=V ...]
                                         [--threads 2] [--warmup 2] [--steps 10]

``--cfg-options`` apply to every config, so two calls compare one setting on and off, e.g.
``--cfg-options optim_wrapper.optimizer.fused=True``.
"""
import argparse
import os.path as osp
import statistics
import sys
import tempfile
import time

import torch
from mmengine.config import Config, DictAction
from mmengine.runner import Runner
from results_io import write_results

sys.path.insert(0, osp.join(osp.dirname(osp.abspath(__file__)), '..'))
from mmfer.utils import register_all_modules  # noqa: E402
from mmfer.utils.model_config import without_pretrained_weights  # noqa: E402


def step_times(cfg: Config, warmup: int, steps: int) -> list:
    """Seconds of each of ``steps`` training steps of ``cfg``'s model, after ``warmup``."""
    cfg.model = without_pretrained_weights(cfg.model)
    cfg.custom_hooks = []  # the schedule's hooks act between epochs, not inside a step
    with tempfile.TemporaryDirectory() as work_dir:
        cfg.work_dir = work_dir
        runner = Runner.from_cfg(cfg)
        model = runner.model
        model.train()
        optim_wrapper = runner.build_optim_wrapper(cfg.optim_wrapper)
        batches = iter(runner.build_dataloader(cfg.train_dataloader))
        batches = [next(batches) for _ in range(warmup + steps)]
        times = []
        for batch in batches:
            start = time.perf_counter()
            model.train_step(batch, optim_wrapper)
            times.append(time.perf_counter() - start)
    return times[warmup:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={})
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--out', default='benchmarks/results/train_step_time.json')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    register_all_modules()
    results = dict(threads=args.threads, steps=args.steps, cfg_options=args.cfg_options,
                   configs={})
    for path in args.configs:
        cfg = Config.fromfile(path)
        cfg.merge_from_dict(args.cfg_options)
        times = step_times(cfg, args.warmup, args.steps)
        results['configs'][path] = dict(
            median_s=statistics.median(times), min_s=min(times),
            batch_size=cfg.train_dataloader.batch_size)
        print(f'{path}: median {statistics.median(times):.3f} s an iteration (min '
              f'{min(times):.3f}, {args.steps} steps, batch {cfg.train_dataloader.batch_size}, '
              f'{args.threads} threads)')
    write_results(results, args.out)


if __name__ == '__main__':
    main()
