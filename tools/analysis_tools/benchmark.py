"""Latency, throughput, parameters and GFLOPs of a whole detector on this machine.

    python tools/analysis_tools/benchmark.py CONFIG [--checkpoint CKPT] [--shape 640]
        [--batch 1] [--runtime torch|onnxruntime] [--network] [--threads 2] [--warmup 5]
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
import tempfile

import numpy as np
import torch

from mmfer.utils.cli import run_cli
from mmfer.utils.io import dump_json_atomic
from mmfer.utils.timing import time_call, torch_threads


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('--checkpoint', help='weights (default: random)')
    parser.add_argument('--shape', type=int, default=640)
    parser.add_argument('--batch', type=int, default=1)
    parser.add_argument('--runtime', choices=['torch', 'onnxruntime'], default='torch')
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


def build(config: str, checkpoint=None, deploy: bool = True):
    from mmengine.config import Config

    from mmfer.models.utils import switch_to_deploy
    from mmfer.registry import MODELS
    from mmfer.utils import register_all_modules
    from mmfer.utils.model_config import without_pretrained_weights
    from mmfer.utils.model_loading import load_detector
    if checkpoint:
        return load_detector(config, checkpoint, deploy=deploy)[0]
    if not osp.isfile(config):
        raise FileNotFoundError(f'config {config}: no such file')
    register_all_modules()
    model = MODELS.build(without_pretrained_weights(Config.fromfile(config).model)).eval()
    return switch_to_deploy(model) if deploy else model


def gflops(wrapper, x) -> float:
    from mmengine.analysis import FlopAnalyzer
    analyzer = FlopAnalyzer(wrapper, (x,))
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    return analyzer.total() / 1e9 / len(x)


def benchmark(args) -> dict:
    """Time ``args.config`` with ``args.threads`` threads; the process's own thread count is
    put back afterwards (a caller that goes on training must not inherit it)."""
    with torch_threads(args.threads):
        return _benchmark(args)


class NetworkOnly(torch.nn.Module):
    """Backbone, neck and head of any MMDetection detector on a normalised (B, 3, S, S) batch,
    with the image metadata DETR-like heads read (their padding masks)."""

    def __init__(self, model) -> None:
        super().__init__()
        self.model = model

    def forward(self, x):
        from mmdet.structures import DetDataSample
        size = tuple(x.shape[-2:])
        samples = [DetDataSample(metainfo=dict(img_shape=size, pad_shape=size,
                                               batch_input_shape=size, ori_shape=size,
                                               scale_factor=(1.0, 1.0))) for _ in x]
        return tuple(tensors_in(self.model._forward(x, samples)))


def tensors_in(value):
    """The tensors of a head's outputs (tuples, lists, dicts, dataclasses), in order: what a
    traced graph (the FLOP counter's) can return."""
    import dataclasses
    if isinstance(value, torch.Tensor):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from tensors_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from tensors_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from tensors_in(v)


def _benchmark(args) -> dict:
    model = build(args.config, args.checkpoint, deploy=not args.no_deploy)
    if args.network:
        if args.runtime != 'torch':
            raise ValueError('--network times the PyTorch model only')
        target = NetworkOnly(model).eval()
    else:
        from mmfer.deployment import ExportableDetector
        if not hasattr(model.bbox_head, 'transformer'):
            raise ValueError(f'{args.config}: only DEIM-style detectors (DEIMHead) are timed '
                             'from image to detections; --network times any detector')
        target = ExportableDetector(model).eval()
    x = torch.rand(args.batch, 3, args.shape, args.shape) * 255
    if args.network:
        x = (x - 127.5) / 64.0  # a normalised batch: the network alone does not normalise
    with torch.no_grad():
        flops = gflops(target, x)
        if args.runtime == 'torch':
            timing = time_call(lambda: target(x), args.warmup, args.runs)
        else:
            timing = _time_onnxruntime(args, model, x)
    return dict(config=args.config, runtime=args.runtime, network_only=args.network,
                shape=args.shape, batch=args.batch, threads=args.threads, **timing,
                images_per_s=args.batch * 1000 / timing['median_ms'],
                params_m=sum(p.numel() for p in model.parameters()) / 1e6, gflops=flops)


def _time_onnxruntime(args, model, x) -> dict:
    import onnxruntime as ort

    from mmfer.deployment import export_onnx
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    with tempfile.TemporaryDirectory() as tmp:
        path = osp.join(tmp, 'model.onnx')
        export_onnx(model, path, args.shape)
        session = ort.InferenceSession(path, options, providers=['CPUExecutionProvider'])
        image = x[:1].numpy().astype(np.float32)  # the graph is exported for batch 1
        return time_call(lambda: [session.run(None, {'image': image})
                                  for _ in range(args.batch)], args.warmup, args.runs)


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
