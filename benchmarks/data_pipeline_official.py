"""Images per second through the training pipeline at the Dense O2O policy's heaviest stage,
ours beside DEIM's own, on the same synthetic images, interleaved.

    python benchmarks/data_pipeline_official.py --official DEIM_CHECKOUT
        [--data data/synthetic_fer_multi] [--config configs/deim/deim_hgnetv2-n_8e_synth.py]
        [--official-yml benchmarks/official_deim_n_synth.yml] [--images 200]
        [--cfg-options K=V ...] [--out docs/results/data_pipeline_official.json]

The heaviest stage is the policy's second (Mosaic with probability 0.5, else zoom-out and IoU
crop; photometric distortion, flip, resize): our training set with no transform skipped, and
DEIM's dataset of ``--official-yml`` (its run on our synthetic set, whose ``SYNTH/`` becomes
``--data``) at the first epoch of that stage. Each reads the same ``--images`` training images
one sample at a time in this process (no workers, one thread), alternating between the two, so
a slow spell of the machine hits both; MixUp, a batch-level step on both sides, is left out.
``--cfg-options`` change our config (e.g. the synthetic set's settings, which must be those
``--data`` was made with).
Run it with nothing else on the machine.
"""
import argparse
import os
import os.path as osp
import sys
import time

from mmengine.config import DictAction

from mmfer.benchmark import results_path, write_results
from mmfer.benchmark.official_deim import load_official_config
from mmfer.registry import DATASETS
from mmfer.utils import register_all_modules
from mmfer.utils.timing import torch_threads

HERE = osp.dirname(osp.abspath(__file__))
REPO = osp.join(HERE, '..')

DEFAULT_CONFIG = 'configs/deim/deim_hgnetv2-n_8e_synth.py'
DEFAULT_YML = osp.join(REPO, 'benchmarks', 'official_deim_n_synth.yml')


def our_dataset(config: str, data: str, options: dict = None):
    """Our training set of ``config`` (``options`` merged in) on ``data``, every
    augmentation on."""
    from mmengine.config import Config
    cfg = Config.fromfile(config)
    cfg.merge_from_dict(options or {})
    dataset_cfg = cfg.train_dataloader.dataset
    dataset_cfg.dataset.data_root = data
    dataset = DATASETS.build(dataset_cfg)
    dataset.update_skip_type_keys([])
    return dataset


def official_dataset(checkout: str, yml: str, data: str):
    """DEIM's training set of ``yml`` with ``SYNTH/`` read as ``data``, at the first epoch of
    its policy's second stage. The config is written beside DEIM's own (its includes are
    relative)."""
    with open(yml) as f:
        text = f.read().replace('SYNTH/', osp.abspath(data) + '/')
    target = osp.join(checkout, 'configs', 'synth', 'data_pipeline_benchmark.yml')
    os.makedirs(osp.dirname(target), exist_ok=True)
    with open(target, 'w') as f:
        f.write(text)
    config = load_official_config(checkout, target)
    dataset = config.train_dataloader.dataset
    policy = config.yaml_cfg['train_dataloader']['dataset']['transforms']['policy']['epoch']
    dataset.set_epoch(policy[0])
    return dataset


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--official', required=True, metavar='DEIM_CHECKOUT')
    parser.add_argument('--data', default='data/synthetic_fer_multi')
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument('--official-yml', default=DEFAULT_YML)
    parser.add_argument('--images', type=int, default=200)
    parser.add_argument('--cfg-options', nargs='+', action=DictAction, default={})
    parser.add_argument('--out', default=results_path('data_pipeline_official'))
    args = parser.parse_args(argv)
    register_all_modules()
    with torch_threads(1):
        datasets = dict(mmfer=our_dataset(args.config, args.data, args.cfg_options),
                        official=official_dataset(args.official, args.official_yml, args.data))
        count = min(args.images, *(len(d) for d in datasets.values()))
        seconds = dict.fromkeys(datasets, 0.0)
        for index in range(count):
            for name, dataset in datasets.items():
                start = time.perf_counter()
                dataset[index]
                seconds[name] += time.perf_counter() - start
    rows = [dict(code=name, images_per_s=round(count / s, 1)) for name, s in seconds.items()]
    ratio = round(seconds['mmfer'] / seconds['official'], 2)
    print(f'training pipeline at the policy\'s heaviest stage, {count} images of {args.data}, '
          'one process, one thread, interleaved')
    print('| code | images/s |\n|---|---|')
    for r in rows:
        print(f"| {r['code']} | {r['images_per_s']:.1f} |")
    print(f'mmfer time / official time: {ratio:.2f}x')
    write_results(dict(data=args.data, config=args.config, images=count, rows=rows,
                       time_ratio=ratio), args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
