"""What checking a dataset's images costs (the check every dataset runs when it loads).

    python benchmarks/image_check.py [--data data/synthetic_fer_multi] [--runs 5]
                                     [--out docs/results/image_check.json]

Times ``mmfer.datasets.image_check.find_bad_images`` (a stat and a 16-byte read per file) over
every image under DATA (made first if it is the synthetic set and missing); prints and writes
the minimum and median milliseconds per 1,000 images. The first run reads from the disk, the
others from the page cache.
"""
import argparse
import glob
import os.path as osp

from mmfer.benchmark import results_path, write_results
from mmfer.datasets.image_check import find_bad_images
from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils.timing import time_call

MAIN_JOB_SET = SyntheticConfig(num_train=1200, faces_per_image=(1, 3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--data', default='data/synthetic_fer_multi')
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--out', default=results_path('image_check'))
    args = parser.parse_args(argv)
    if args.data.rstrip('/').endswith('synthetic_fer_multi'):
        generate_synthetic_dataset(args.data, MAIN_JOB_SET)
    paths = sorted(glob.glob(osp.join(args.data, '**', '*.jpg'), recursive=True)
                   + glob.glob(osp.join(args.data, '**', '*.png'), recursive=True))
    if not paths:
        raise SystemExit(f'image_check: no .jpg or .png images under {args.data}')
    times = time_call(lambda: find_bad_images(paths), warmup=0, runs=args.runs)
    per_1000 = {k: times[k] * 1000 / len(paths) for k in ('min_ms', 'median_ms')}
    print(f'{len(paths)} images: {per_1000["min_ms"]:.1f} ms (min) / '
          f'{per_1000["median_ms"]:.1f} ms (median) per 1,000 images')
    write_results(dict(images=len(paths), runs=args.runs, ms_per_1000_images=per_1000),
                  args.out)


if __name__ == '__main__':
    main()
