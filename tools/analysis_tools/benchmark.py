"""Latency, throughput, parameters and GFLOPs of a whole detector on this machine.

    python tools/analysis_tools/benchmark.py CONFIG [--checkpoint CKPT] [--shape 640]
        [--batch 1] [--runtime torch|onnxruntime] [--threads 2] [--warmup 5] [--runs 20]
        [--out results.json] [--force]

Times the detector from image to detections (normalisation, network, post-processing: the
graph tools/deployment/export_onnx.py exports) on random (batch, 3, S, S) inputs: min and median
latency over --runs after --warmup, images/s from the median, parameters, and GFLOPs (one
multiply-add = one FLOP, counted by mmengine's analyzer on the PyTorch model). Without
--checkpoint the weights are random (the timing does not depend on them). Run it with nothing
else on the machine.
"""
import argparse
import os
import os.path as osp
import sys
import tempfile

import numpy as np
import torch

from mmfer.utils.cli import run_cli
from mmfer.utils.io import dump_json_atomic
from mmfer.utils.timing import time_call


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--checkpoint', help='weights (default: random)')
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--runtime', choices=['torch', 'onnxruntime'], default='torch')
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--warmup', type=int, default=5)
    parser.add_argument('--runs', type=int, default=20)
    parser.add_argument('--out', help='write the figures as JSON here')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def build(config: str, checkpoint=None):
    from mmengine.config import Config

    from mmfer.registry import MODELS
    from mmfer.utils import register_all_modules
    from mmfer.utils.model_config import without_pretrained_weights
    from mmfer.utils.model_loading import load_detector
    if checkpoint:
        return load_detector(config, checkpoint)[0]
    if not osp.isfile(config):
        raise FileNotFoundError(f'config {config}: no such file')
    register_all_modules()
    return MODELS.build(without_pretrained_weights(Config.fromfile(config).model)).eval()


def gflops(wrapper, x) -> float:
    from mmengine.analysis import FlopAnalyzer
    analyzer = FlopAnalyzer(wrapper, (x,))
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    return analyzer.total() / 1e9 / len(x)


def benchmark(args) -> dict:
    """Time ``args.config`` with ``args.threads`` threads; the process's own thread count is
    put back afterwards (a caller that goes on training must not inherit it)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    try:
        return _benchmark(args)
    finally:
        torch.set_num_threads(threads)


def _benchmark(args) -> dict:
    from mmfer.deployment import ExportableDetector, export_onnx
    model = build(args.config, args.checkpoint)
    if not hasattr(model.bbox_head, 'transformer'):
        raise ValueError(f'{args.config}: only DEIM-style detectors (DEIMHead) are timed here')
    wrapper = ExportableDetector(model).eval()
    x = torch.rand(args.batch, 3, args.shape, args.shape) * 255
    with torch.no_grad():
        flops = gflops(wrapper, x)
        if args.runtime == 'torch':
            timing = time_call(lambda: wrapper(x), args.warmup, args.runs)
        else:
            import onnxruntime as ort
            options = ort.SessionOptions()
            options.intra_op_num_threads = args.threads
            options.inter_op_num_threads = 1
            with tempfile.TemporaryDirectory() as tmp:
                path = osp.join(tmp, 'model.onnx')
                export_onnx(model, path, args.shape)
                session = ort.InferenceSession(path, options,
                                               providers=['CPUExecutionProvider'])
                image = x[:1].numpy().astype(np.float32)  # the graph is exported for batch 1
                timing = time_call(lambda: [session.run(None, {'image': image})
                                            for _ in range(args.batch)],
                                   args.warmup, args.runs)
    return dict(config=args.config, runtime=args.runtime, shape=args.shape, batch=args.batch,
                threads=args.threads, **timing,
                images_per_s=args.batch * 1000 / timing['median_ms'],
                params_m=sum(p.numel() for p in model.parameters()) / 1e6, gflops=flops)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        if args.out and osp.exists(args.out) and not args.force:
            raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
        if args.runtime == 'onnxruntime':
            import onnxruntime  # noqa: F401
        result = benchmark(args)
    except ImportError as e:
        print(f'benchmark: error: {e.name} is not installed: pip install -r '
              'requirements/deploy.txt', file=sys.stderr)
        return 2
    except (FileNotFoundError, FileExistsError, ValueError) as e:
        print(f'benchmark: error: {e}', file=sys.stderr)
        return 2
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
