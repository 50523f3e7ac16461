"""Draw what the training (or test) pipeline feeds the model, as MMDetection's browse_dataset.

    python tools/analysis_tools/browse_dataset.py CONFIG [--phase train|test] [--epoch E]
        [--num 16] [--out-dir outputs/browse] [--cfg-options k=v ...] [--force]

For the training phase, the augmentations are those of epoch E under the config's Dense O2O
policy (DenseO2OHook: Mosaic, photometric distortion, zoom-out, IoU crop by stage) and the
batches go through the model's data preprocessor in training mode, so batch MixUp and
multi-scale batches show too. Each image is written with its ground-truth boxes and
expressions. The default epoch is the first of the Mosaic + MixUp stage.
"""
import argparse
import os
import os.path as osp
import sys

from mmengine.config import Config, DictAction

from mmfer.cli import run_cli
from mmfer.utils.io import write_image_atomic


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--phase', choices=['train', 'test'], default='train')
    parser.add_argument('--epoch', type=int, help='the epoch whose augmentations to show')
    parser.add_argument('--num', type=int, default=16, help='images to draw')
    parser.add_argument('--out-dir', default='outputs/browse')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    parser.add_argument('--force', action='store_true', help='overwrite earlier drawings')
    return parser.parse_args(argv)


def policy_hook(cfg):
    from mmfer.registry import HOOKS
    for hook in cfg.get('custom_hooks', []):
        if hook.get('type') == 'DenseO2OHook':
            return HOOKS.build(hook)
    return None


def apply_policy(cfg, dataset, preprocessor, epoch):
    """Set the dataset's and the preprocessor's augmentations as DenseO2OHook would at
    ``epoch``; returns a description of the stage."""
    from types import SimpleNamespace
    hook = policy_hook(cfg)
    if hook is None:
        return 'no Dense O2O policy in this config'
    max_epochs = cfg.train_cfg.max_epochs
    epoch = hook.epochs(max_epochs)[0] if epoch is None else epoch
    messages = []
    runner = SimpleNamespace(epoch=epoch, max_epochs=max_epochs,
                             train_dataloader=SimpleNamespace(dataset=dataset),
                             model=SimpleNamespace(data_preprocessor=preprocessor),
                             logger=SimpleNamespace(info=messages.append))
    hook.before_train_epoch(runner)
    return f'epoch {epoch}: ' + ' '.join(messages)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not osp.isfile(args.config):
        raise FileNotFoundError(f'config {args.config}: no such file')
    import torch
    from mmengine.dataset import pseudo_collate

    from mmfer.registry import DATASETS, MODELS, VISUALIZERS
    from mmfer.utils import register_all_modules
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    loader_cfg = cfg.train_dataloader if args.phase == 'train' else cfg.test_dataloader
    dataset = DATASETS.build(loader_cfg.dataset)
    preprocessor = MODELS.build(cfg.model.data_preprocessor)
    stage = apply_policy(cfg, dataset, preprocessor, args.epoch) if args.phase == 'train' \
        else 'the test pipeline'
    names = [f'{i:04d}.jpg' for i in range(args.num)]
    clashes = [n for n in names if osp.exists(osp.join(args.out_dir, n))]
    if clashes and not args.force:
        raise FileExistsError(f'{osp.join(args.out_dir, clashes[0])} already exists; pass '
                              '--force or choose another --out-dir')
    os.makedirs(args.out_dir, exist_ok=True)
    visualizer = VISUALIZERS.build(dict(type='FERVisualizer', name='browse_dataset'))
    visualizer.dataset_meta = dataset.metainfo
    batch_size = min(loader_cfg.get('batch_size', 8), args.num)
    mean, std = preprocessor.mean.view(3, 1, 1), preprocessor.std.view(3, 1, 1)
    index = 0
    while index < args.num:
        samples = [dataset[(index + i) % len(dataset)] for i in range(batch_size)]
        with torch.no_grad():
            data = preprocessor(pseudo_collate(samples), training=args.phase == 'train')
        for image, sample in zip(data['inputs'], data['data_samples']):
            if index >= args.num:
                break
            rgb = (image * std + mean).clamp(0, 255).byte().permute(1, 2, 0).numpy()
            if not preprocessor._channel_conversion:
                rgb = rgb[:, :, ::-1]
            visualizer.add_datasample(names[index], rgb, sample, draw_pred=False)
            write_image_atomic(visualizer.get_image()[:, :, ::-1],
                               osp.join(args.out_dir, names[index]), force=True)
            index += 1
    print(f'{args.num} {args.phase} images ({stage}) drawn in {args.out_dir}')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('browse_dataset', main))
