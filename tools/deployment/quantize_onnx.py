"""Quantise a trained DEIM-style detector to INT8 for CPU deployment, calibrated on its own
training images, and say what it costs and buys.

    python tools/deployment/quantize_onnx.py CONFIG CHECKPOINT --out model_int8.onnx
        [--calib-images 300] [--calibration minmax|percentile|entropy]
        [--keep-fp32 NAME ...] [--evaluate] [--threads 2] [--force]

The model is exported as tools/deployment/export_onnx.py exports it (float32, its test size),
then quantised by onnxruntime's static quantiser (mmfer.deployment.quantize_graph: the
convolutions and matrix products in int8, QDQ format, ranges from --calib-images images of the
config's training set through its test resize). Nodes whose name contains a --keep-fp32 part
(``bbox_head``, ``decoder``, ``neck``) stay in float32. The INT8 graph runs in onnxruntime and
OpenVINO: ``FERInferencer(CONFIG, backend='openvino', graph='model_int8.onnx')``.

--evaluate scores the float32 and the INT8 graph on the config's test set with its metrics, in
both runtimes, and times them (median of 30 runs, --threads threads, batch 1): one table.
"""
import argparse
import os.path as osp
import sys
import tempfile
from functools import partial

import torch

from mmfer.apis.model_loading import load_detector, test_scale
from mmfer.cli import print_table, run_cli
from mmfer.deployment.onnx_export import check_exportable
from mmfer.deployment.quantization import CALIBRATIONS
from mmfer.utils.deploy_packages import require_deploy_packages
from mmfer.utils.io import write_atomic


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out', required=True, help='the INT8 .onnx file to write')
    parser.add_argument('--calib-images', type=int, default=300,
                        help='training images the activation ranges are calibrated on')
    parser.add_argument('--calibration', choices=CALIBRATIONS, default='minmax')
    parser.add_argument('--keep-fp32', nargs='*', default=[], metavar='NAME',
                        help='keep the nodes whose name contains one of these in float32')
    parser.add_argument('--evaluate', action='store_true',
                        help='score and time the float32 and INT8 graphs on the test set')
    parser.add_argument('--threads', type=int, default=2, help='threads of the timing')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    require_deploy_packages('onnx', 'onnxruntime')
    if osp.exists(args.out) and not args.force:
        raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
    if args.calib_images < 1:
        raise ValueError(f'--calib-images must be at least 1, got {args.calib_images}')
    model, cfg = load_detector(args.config, args.checkpoint)
    check_exportable(model, args.config)
    from mmfer.deployment import export_onnx
    from mmfer.deployment.quantization import calibration_images, quantize_graph
    images = calibration_images(cfg, args.calib_images)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = osp.join(tmp, 'fp32.onnx')
        with torch.no_grad():
            export_onnx(model, fp32, test_scale(cfg))
        kept = []
        write_atomic(args.out, lambda path: kept.extend(
            quantize_graph(fp32, path, images, args.keep_fp32, args.calibration)),
            force=args.force)
        print(f'wrote {args.out} ({osp.getsize(args.out) / 1e6:.1f} MB, from '
              f'{osp.getsize(fp32) / 1e6:.1f} MB; calibrated on {len(images)} training '
              f'images, {args.calibration}; {len(kept)} nodes kept in float32)')
        if args.evaluate:
            print_table(comparison_table(fp32, args.out, cfg, args.threads))
    return 0


def comparison_table(fp32: str, int8: str, cfg, threads: int) -> str:
    """mAP50 and latency of both graphs in both runtimes, as a Markdown table."""
    from mmfer.deployment import RUNTIMES, DeployedGraph, evaluate_graph
    from mmfer.utils.timing import time_call
    shape = test_scale(cfg)
    image = torch.rand(1, 3, shape, shape).mul(255).numpy()
    rows = ['| graph | runtime | mAP50 | median ms | min ms |', '|---|---|---|---|---|']
    for name, path in (('float32', fp32), ('INT8', int8)):
        for runtime in RUNTIMES:
            graph = DeployedGraph(path, runtime, threads)
            timing = time_call(partial(graph, image), 5, 30)
            mAP50 = evaluate_graph(graph, cfg)['coco/bbox_mAP_50']
            rows.append(f'| {name} | {runtime} | {100 * mAP50:.1f} | '
                        f'{timing["median_ms"]:.1f} | {timing["min_ms"]:.1f} |')
    return '\n'.join(rows)


if __name__ == '__main__':
    sys.exit(run_cli('quantize_onnx', main))
