"""Train a config's landmark prior branch (MobileFaceNet) on landmark regression over the face
crops of the config's training set; save it in the layout POSTER++ uses, which
``model.backbone.lpb_checkpoint`` loads.

    python tools/misc/train_lpb_landmarks.py CONFIG OUT_FILE [--epochs 30] [--batch-size 32]
        [--lr 2e-3] [--seed 0] [--force]

The crops and their 5 landmarks come from CONFIG's train_dataloader (the synthetic set is
generated on first use; a RAF-DB config reads the converter's output, 5 manual landmarks per
face) and its test_dataloader measures the normalised mean error.
"""
import argparse
import sys

from mmengine.config import Config

from mmfer.apis import split_files, train_landmark_branch
from mmfer.utils.cli import run_cli


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('out_file')
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--force', action='store_true', help='overwrite OUT_FILE')
    args = parser.parse_args(argv)
    cfg = Config.fromfile(args.config)
    history = train_landmark_branch(
        *split_files(cfg, 'train_dataloader'), *split_files(cfg, 'test_dataloader'),
        out_file=args.out_file, epochs=args.epochs, batch_size=args.batch_size, lr=args.lr,
        seed=args.seed, force=args.force)
    print(f'wrote {args.out_file} (test NME {history["test_nme"][-1]:.4f})')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('train_lpb_landmarks', main))
