"""Latency, throughput, parameters and GFLOPs of a whole detector on this machine.

    python tools/analysis_tools/benchmark.py CONFIG [--checkpoint CKPT] [--shape 640]
        [--batch 1] [--runtime torch|onnxruntime|openvino] [--network] [--threads 2] [--warmup 5]
        [--runs 20] [--no-deploy] [--out results.json] [--force]

Times the detector from image to detections (normalisation, network, post-processing: the
graph tools/deployment/export_onnx.py exports) on random (batch, 3, S, S) inputs: min and median
latency over --runs after --warmup, images/s from the median, parameters, and GFLOPs (one
multiply-add = one FLOP, counted by mmengine's analyzer on the PyTorch model). --network times
the network alone (backbone, neck, head on a normalised batch, no post-processing), which any
MMDetection detector has: the Table 1 rows are compared on it. Without --checkpoint the weights
are random (the timing does not depend on them). The model is timed and counted as deployed
(``switch_to_deploy``: RepVGG blocks fused, BatchNorms folded, unused decoder heads dropped)
unless --no-deploy. Run it with nothing else on the machine.
"""
import argparse
import os
import os.path as osp
import sys

from mmfer.benchmark import benchmark_detector
from mmfer.cli import run_cli
from mmfer.deployment.runtimes import RUNTIMES
from mmfer.utils.deploy_packages import require_deploy_packages
from mmfer.utils.io import dump_json_atomic


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--checkpoint', help='weights (default: random)')
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--runtime', choices=('torch',) + RUNTIMES, default='torch')
    parser.add_argument('--network', action='store_true',
                        help='time the network alone (any detector; PyTorch only)')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--no-deploy', action='store_true',
                        help='time the training-form model (no switch_to_deploy)')
    parser.add_argument('--out', help='write the figures as JSON here')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.out and osp.exists(args.out) and not args.force:
        raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
    if args.runtime != 'torch':
        require_deploy_packages(args.runtime)
    result = benchmark_detector(args.config, args.checkpoint, args.shape, args.batch,
                                args.runtime, args.network, args.threads, args.warmup,
                                args.runs, deploy=not args.no_deploy)
    print(f'{osp.basename(args.config)} ({args.runtime}, {args.shape} px, batch {args.batch}, '
          f'{args.threads} threads): {result["min_ms"]:.1f} ms min, {result["median_ms"]:.1f} '
          f'ms median, {result["images_per_s"]:.2f} images/s; {result["params_m"]:.2f} M '
          f'parameters, {result["gflops"]:.2f} GFLOPs')
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        dump_json_atomic(result, args.out, force=args.force)
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('benchmark', main))
