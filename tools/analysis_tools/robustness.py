"""Where a model breaks: mAP50 and accuracy on the test set under one nuisance factor at a time.

    python tools/analysis_tools/robustness.py CONFIG CHECKPOINT [CONFIG2 CHECKPOINT2 ...]
        --out-dir DIR [--labels NAME ...] [--num-images N] [--seed S] [--factors F ...]
        [--force]

Each model is evaluated on its config's test set with every level of every factor
(mmfer/evaluation/robustness/): ``rotation`` (degrees), ``scale`` (face size),
``occlusion_eyes`` and ``occlusion_mouth`` (a grey patch placed from the landmarks, its side a
fraction of the face's width), ``illumination`` (gamma, strong light, backlight), ``blur``
(sigma per 100 px of face), and ``landmark_prior`` (only what the landmark branch reads is
shifted, rotated or noised; models without the branch get none). The clean level is the test
set itself, so it gives what tools/test.py gives on the same images. Pairs given the same
``--labels`` name are runs of one model (seeds): their mean, lowest and highest are reported.

Writes DIR/robustness.json, ``{"models": [...], "factors": {factor: [{"level", "model",
"mAP50", "accuracy", "runs"}, ...]}}`` (values in [0, 1]; "runs" one per checkpoint), and one
PNG per factor (mAP50 against level, the models side by side), atomically; the transformed
test sets are kept in DIR/sets/.
"""
import argparse
import sys

from mmfer.cli import run_cli


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('models', nargs='+', metavar='CONFIG CHECKPOINT')
    parser.add_argument('--out-dir', required=True)
    parser.add_argument('--labels', nargs='+', help='a name per pair (default: the config name)')
    parser.add_argument('--num-images', type=int, help='a seeded sample of the test images')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--factors', nargs='+', help='the factors to sweep (default: all)')
    parser.add_argument('--force', action='store_true', help='replace DIR/robustness.json')
    args = parser.parse_args(argv)
    if len(args.models) % 2:
        parser.error('give CONFIG CHECKPOINT pairs')
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    from mmfer.evaluation.robustness import sweep
    report = sweep(list(zip(args.models[::2], args.models[1::2])), args.out_dir,
                   labels=args.labels, factors=args.factors, num_images=args.num_images,
                   seed=args.seed, force=args.force)
    print(f'\nwrote {args.out_dir}/robustness.json and robustness_<factor>.png for '
          f'{", ".join(report["factors"])}')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('robustness', main))
