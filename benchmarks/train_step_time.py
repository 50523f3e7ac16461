"""Seconds per training iteration of one or more configs, on this CPU, in one process.

Each config's model is built without its pretrained files (the weights do not change the
cost; a frozen part stays frozen), its train dataloader gives ``--warmup + --steps`` batches
up front, and each step (data preprocessor, forward with losses, backward, optimizer update)
is timed apart from the data loading. Prints the median and minimum step per config and
writes JSON. Nothing else should run on the machine meanwhile.

    python benchmarks/train_step_time.py CONFIG [CONFIG ...] [--cfg-options K=V ...]
                                         [--threads 2] [--warmup 2] [--steps 10]

``--cfg-options`` apply to every config, so two calls compare one setting on and off, e.g.
``--cfg-options optim_wrapper.optimizer.fused=True``. ``--memory-formats contiguous
channels_last`` times each config's model in both layouts (``ChannelsLastHook``'s), the rounds
interleaved on the same batches, so a drift of the machine's speed touches both alike.
"""
import argparse
import statistics
import tempfile
import time

import torch
from mmengine.config import Config, DictAction
from mmengine.runner import Runner

from mmfer.benchmark import results_path, write_results
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.utils import register_all_modules

MEMORY_FORMATS = dict(contiguous=torch.contiguous_format, channels_last=torch.channels_last)


def step_times(cfg: Config, warmup: int, steps: int, formats=('contiguous', ),
               rounds: int = 1) -> dict:
    """Seconds of each of ``steps`` training steps of ``cfg``'s model after ``warmup``, per
    memory format: ``{format: [seconds, ...]}``, ``rounds`` interleaved rounds of each."""
    cfg.model = strip_pretrained_files(cfg.model)
    cfg.custom_hooks = []  # the schedule's hooks act between epochs, not inside a step
    with tempfile.TemporaryDirectory() as work_dir:
        cfg.work_dir = work_dir
        runner = Runner.from_cfg(cfg)
        model = runner.model
        model.train()
        optim_wrapper = runner.build_optim_wrapper(cfg.optim_wrapper)
        batches = iter(runner.build_dataloader(cfg.train_dataloader))
        batches = [next(batches) for _ in range(warmup + steps)]
        times = {name: [] for name in formats}
        for _ in range(rounds):
            for name in formats:
                model.to(memory_format=MEMORY_FORMATS[name])
                for i, batch in enumerate(batches):
                    start = time.perf_counter()
                    model.train_step(batch, optim_wrapper)
                    if i >= warmup:
                        times[name].append(time.perf_counter() - start)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('configs', nargs='+')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={})
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--steps', type=int, default=10)
    parser.add_argument('--memory-formats', nargs='+', choices=list(MEMORY_FORMATS),
                        default=['contiguous'])
    parser.add_argument('--rounds', type=int, default=1,
                        help='interleaved rounds of --steps steps in each memory format')
    parser.add_argument('--out', default=results_path('train_step_time'))
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    register_all_modules()
    results = dict(threads=args.threads, steps=args.steps, rounds=args.rounds,
                   cfg_options=args.cfg_options, configs={})
    for path in args.configs:
        cfg = Config.fromfile(path)
        cfg.merge_from_dict(args.cfg_options)
        batch = cfg.train_dataloader.batch_size
        for name, times in step_times(cfg, args.warmup, args.steps, args.memory_formats,
                                      args.rounds).items():
            key = path if args.memory_formats == ['contiguous'] else f'{path} ({name})'
            results['configs'][key] = dict(median_s=statistics.median(times), min_s=min(times),
                                           batch_size=batch, memory_format=name)
            print(f'{key}: median {statistics.median(times):.3f} s an iteration (min '
                  f'{min(times):.3f}, {len(times)} steps, batch {batch}, '
                  f'{args.threads} threads)')
    write_results(results, args.out)


if __name__ == '__main__':
    main()
