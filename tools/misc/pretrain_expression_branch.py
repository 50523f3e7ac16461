"""Pre-train a detector config's expression branch (its HGNetV2) as a classifier of the face
crops of the config's training set; the checkpoint is what ``model.backbone.ebb_pretrained``
loads.

    python tools/misc/pretrain_expression_branch.py CONFIG OUT_FILE [--epochs 8] [--size 64]
        [--batch-size 64] [--lr 2e-3] [--seed 0] [--force]

The crops come from CONFIG's train_dataloader (a synthetic set is generated on first use) and
its test_dataloader measures the classifier; the HGNetV2 variant is CONFIG's
``model.backbone.arch``.
"""
import argparse
import sys

from mmengine.config import Config

from mmfer.apis import pretrain_expression_branch, split_files
from mmfer.utils.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('out_file')
    parser.add_argument('--epochs', type=int, default=8)
    parser.add_argument('--size', type=int, default=64, help='crop side in pixels')
    parser.add_argument('--batch-size', type=int, default=64)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--force', action='store_true', help='overwrite OUT_FILE')
    args = parser.parse_args(argv)
    cfg = Config.fromfile(args.config)
    arch = cfg.model.backbone.get('arch')
    if not arch:
        raise ValueError(f'{args.config}: no model.backbone.arch (the HGNetV2 variant)')
    history = pretrain_expression_branch(
        *split_files(cfg, 'train_dataloader'), *split_files(cfg, 'test_dataloader'),
        out_file=args.out_file, arch=arch, epochs=args.epochs, size=args.size,
        batch_size=args.batch_size, lr=args.lr, seed=args.seed, force=args.force)
    print(f'wrote {args.out_file} ({arch}, test crop accuracy '
          f'{history["test_accuracy"][-1]:.3f}, {history["seconds"]:.0f} s)')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('pretrain_expression_branch', main))
