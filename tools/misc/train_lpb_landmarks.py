"""Train the landmark prior branch (MobileFaceNet) on landmark regression; save it in the
layout POSTER++ uses, which DualBranchBackbone(lpb_checkpoint=...) loads.

    python tools/misc/train_lpb_landmarks.py DATA_ROOT OUT_FILE [--dataset synthetic|rafdb]
        [--epochs 30] [--batch-size 32] [--lr 2e-3] [--force]

DATA_ROOT is data/synthetic_fer (made if missing) or a RAF-DB folder converted by
tools/dataset_converters/rafdb2coco.py (annotations/ next to Image/original/).
"""
import argparse
import os.path as osp
import sys

from mmfer.apis import train_landmark_branch
from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils.cli import run_cli

LAYOUTS = dict(
    synthetic=('annotations/synth_{}.json', 'images/{}'),
    rafdb=('annotations/rafdb_{}.json', 'Image/original'),
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('out_file')
    parser.add_argument('--dataset', choices=sorted(LAYOUTS), default='synthetic')
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--lr', type=float, default=2e-3)
    parser.add_argument('--force', action='store_true', help='overwrite OUT_FILE')
    args = parser.parse_args(argv)
    ann, img = LAYOUTS[args.dataset]
    try:
        if args.dataset == 'synthetic':
            generate_synthetic_dataset(args.data_root, SyntheticConfig())
        paths = [osp.join(args.data_root, p.format(s)) for s in ('train', 'test')
                 for p in (ann, img)]
        history = train_landmark_branch(*paths, out_file=args.out_file, epochs=args.epochs,
                                        batch_size=args.batch_size, lr=args.lr,
                                        force=args.force)
    except (FileExistsError, FileNotFoundError, ValueError, OSError) as e:
        print(f'train_lpb_landmarks: error: {e}', file=sys.stderr)
        return 2
    print(f'wrote {args.out_file} (test NME {history["test_nme"][-1]:.4f})')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('train_lpb_landmarks', main))
