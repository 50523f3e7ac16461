"""One DEIM training step, ours beside DEIM's own code, on the same batch, interleaved.

    python benchmarks/train_step_official.py --official DEIM_CHECKOUT
        [--config configs/deim/deim_hgnetv2-n_8e_synth.py] [--batch 8] [--faces 2]
        [--threads 2] [--rounds 10] [--warmup 2] [--out docs/results/train_step_official.json]

Both models get the same batch: ``--batch`` random images at the config's training size with
``--faces`` random face boxes each. Ours runs ``model.train_step`` with the config's optimizer
wrapper (data preprocessor, forward, losses, backward, gradient clipping, AdamW); DEIM's runs
what its ``train_one_epoch`` runs for a step without AMP: ``model(images, targets)``, its
criterion, backward, ``clip_grad_norm_`` and its AdamW. Neither updates an EMA (a hook after
the step on both sides). DEIM's model is its ``deim_hgnetv2_{size}_coco.yml`` with our
config's classes, queries and denoising queries. Each round times one step of each, so a slow
spell of the machine hits both; the table gives the minimum and median seconds and our
ratio. Run it with nothing else on the machine.
"""
import argparse
import os.path as osp
import statistics
import sys

import torch

from mmfer.benchmark import results_path, write_results
from mmfer.benchmark.official_deim import official_config
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.utils import register_all_modules
from mmfer.utils.timing import time_interleaved, torch_threads

HERE = osp.dirname(osp.abspath(__file__))

DEFAULT_CONFIG = 'configs/deim/deim_hgnetv2-n_8e_synth.py'


def random_faces(batch: int, size: int, faces: int, num_classes: int, seed: int = 0):
    """Images (B, 3, S, S) in [0, 1] and, per image, boxes (F, 4) as normalised cx, cy, w, h
    and labels (F,)."""
    gen = torch.Generator().manual_seed(seed)
    images = torch.rand(batch, 3, size, size, generator=gen)
    wh = 0.15 + 0.3 * torch.rand(batch, faces, 2, generator=gen)
    cxcy = wh / 2 + (1 - wh) * torch.rand(batch, faces, 2, generator=gen)
    labels = torch.randint(0, num_classes, (batch, faces), generator=gen)
    return images, torch.cat([cxcy, wh], -1), labels


def ours(cfg, images, boxes, labels):
    """Our model and a step on the batch."""
    from mmdet.structures import DetDataSample
    from mmengine.optim import build_optim_wrapper
    from mmengine.structures import InstanceData
    from torchvision.ops import box_convert
    model = MODELS.build(strip_pretrained_files(cfg.model))
    model.init_weights()
    model.train()
    optim_wrapper = build_optim_wrapper(model, cfg.optim_wrapper)
    size = images.shape[-1]
    samples = []
    for b in range(len(images)):
        sample = DetDataSample(metainfo=dict(img_shape=(size, size), ori_shape=(size, size),
                                             pad_shape=(size, size), scale_factor=(1.0, 1.0),
                                             batch_input_shape=(size, size)))
        sample.gt_instances = InstanceData(
            bboxes=box_convert(boxes[b], 'cxcywh', 'xyxy') * size, labels=labels[b])
        samples.append(sample)
    # uint8 BGR as our loaders give it: the data preprocessor converts and scales it
    inputs = [(img.flip(0) * 255).round().to(torch.uint8) for img in images]
    return model, lambda: model.train_step(dict(inputs=inputs, data_samples=samples),
                                           optim_wrapper)


def official(checkout, size_name, cfg, images, boxes, labels):
    """DEIM's model, criterion and optimizer, and a step on the batch."""
    head = cfg.model.bbox_head
    config = official_config(
        checkout, size_name, images.shape[-1], head.num_classes,
        DFINETransformer=dict(num_queries=head.num_queries,
                              num_denoising=head.dn_cfg.num_dn_queries))
    model, criterion, optimizer = config.model, config.criterion, config.optimizer
    max_norm = config.yaml_cfg.get('clip_max_norm', 0.1)
    model.train()
    criterion.train()
    targets = [dict(boxes=b, labels=lab) for b, lab in zip(boxes, labels)]

    def step():
        outputs = model(images, targets=targets)
        loss = sum(criterion(outputs, targets, epoch=0, step=0, global_step=0,
                             epoch_step=1).values())
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
        optimizer.step()
    return model, step


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--official', required=True, metavar='DEIM_CHECKOUT')
    parser.add_argument('--config', default=DEFAULT_CONFIG)
    parser.add_argument('--size', default='n', choices=['n', 's', 'm'],
                        help='the DEIM size of --config')
    parser.add_argument('--batch', type=int, default=8)
    parser.add_argument('--faces', type=int, default=2)
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=10)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--out', default=results_path('train_step_official'))
    args = parser.parse_args(argv)
    from mmengine.config import Config
    register_all_modules()
    cfg = Config.fromfile(osp.join(HERE, '..', args.config))
    image_size = next(step['scale'][0] for step in cfg.train_dataloader.dataset.pipeline
                      if step['type'] == 'Resize')
    images, boxes, labels = random_faces(args.batch, image_size, args.faces,
                                         cfg.model.bbox_head.num_classes)
    with torch_threads(args.threads):
        torch.manual_seed(0)
        steps = dict(mmfer=ours(cfg, images, boxes, labels),
                     official=official(args.official, args.size, cfg, images, boxes, labels))
        times = time_interleaved({name: step for name, (_, step) in steps.items()},
                                 args.rounds, args.warmup)
    rows = [dict(code=name, params_m=round(sum(p.numel() for p in model.parameters()) / 1e6, 2),
                 min_s=round(min(times[name]) / 1000, 3),
                 median_s=round(statistics.median(times[name]) / 1000, 3))
            for name, (model, _) in steps.items()]
    ratio = round(rows[0]['min_s'] / rows[1]['min_s'], 2)
    print(f'one training step, DEIM-{args.size.upper()}, batch {args.batch} at {image_size} px, '
          f'{args.threads} threads, min / median of {args.rounds} interleaved rounds')
    print('| code | params | min | median |\n|---|---|---|---|')
    for r in rows:
        print(f"| {r['code']} | {r['params_m']:.2f} M | {r['min_s']:.3f} s | "
              f"{r['median_s']:.3f} s |")
    print(f'mmfer / official: {ratio:.2f}x')
    write_results(dict(config=args.config, size=args.size, batch=args.batch,
                       image_size=image_size, threads=args.threads, rounds=args.rounds,
                       rows=rows, ratio=ratio), args.out)
    return 0


if __name__ == '__main__':
    sys.exit(main())
