"""Export a DEIM baseline or Natten-DEIM checkpoint to ONNX, post-processing included, and
check it against PyTorch in onnxruntime or OpenVINO.

    python tools/deployment/export_onnx.py CONFIG CHECKPOINT --out model.onnx [--shape S]
                                           [--max-per-img 100] [--opset 17] [--check-images N]
                                           [--check-runtime onnxruntime|openvino]
                                           [--no-deploy] [--force]

The graph takes a (1, 3, S, S) float32 BGR image in 0..255 (OpenCV's, resized to S x S) and
returns boxes (in its pixels), scores, labels, queries and every class's scores (see
mmfer.deployment.ExportableDetector). Neighborhood attention runs through mmfer's PyTorch path,
deformable attention through grid_sample. S defaults to the config's test size. The check runs
N synthetic test images through PyTorch and the runtime (OpenVINO reads the .onnx file
itself) and fails (exit 1) if a box or a score differs by more than 1e-3, or if more than
10 % of the detections of one runtime are not among the other's. The model is
re-parameterised for inference first (``switch_to_deploy``: RepVGG blocks fused, BatchNorms
folded, unused decoder heads dropped; the same outputs), unless --no-deploy. Needs the deploy
extra: pip install -r requirements/deploy.txt.
"""
import argparse
import os.path as osp
import sys

import torch

from mmfer.apis.model_loading import load_detector, test_scale
from mmfer.cli import run_cli
from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from mmfer.deployment.onnx_export import check_exportable
from mmfer.deployment.runtimes import RUNTIMES
from mmfer.utils.deploy_packages import require_deploy_packages
from mmfer.utils.io import write_atomic

TOLERANCE = 1e-3


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('--out', required=True, help='the .onnx file to write')
    parser.add_argument('--shape', type=int, help='input side (default: the config\'s)')
    parser.add_argument('--max-per-img', type=int, default=100)
    parser.add_argument('--opset', type=int, default=17)
    parser.add_argument('--check-images', type=int, default=4,
                        help='synthetic images to compare PyTorch and the runtime on (0: none)')
    parser.add_argument('--check-runtime', choices=RUNTIMES, default='onnxruntime',
                        help='the runtime the exported graph is checked in')
    parser.add_argument('--no-deploy', action='store_true',
                        help='export the training-form model (no switch_to_deploy)')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def check_images(count: int, shape: int):
    import cv2
    cfg = SyntheticConfig()
    return [cv2.resize(make_synthetic_image(cfg, 'test', i)[0][:, :, ::-1], (shape, shape))
            for i in range(count)]


def main(argv=None) -> int:
    args = parse_args(argv)
    require_deploy_packages('onnx', args.check_runtime)
    if osp.exists(args.out) and not args.force:
        raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
    model, cfg = load_detector(args.config, args.checkpoint, deploy=not args.no_deploy)
    check_exportable(model, args.config)
    shape = args.shape or test_scale(cfg)
    from mmfer.deployment import compare_with_runtime, export_onnx
    holder = {}

    def export(tmp: str) -> None:
        holder['wrapper'] = export_onnx(model, tmp, shape, args.max_per_img, args.opset)
        holder['diff'] = compare_with_runtime(holder['wrapper'], tmp,
                                              check_images(args.check_images, shape),
                                              args.check_runtime)
    with torch.no_grad():
        write_atomic(args.out, export, force=args.force)
    diff = holder['diff']
    print(f'wrote {args.out} ({osp.getsize(args.out) / 1e6:.1f} MB, input 1x3x{shape}x{shape})')
    if args.check_images:
        print(f'{args.check_runtime} vs PyTorch on {args.check_images} images: max abs diff boxes '
              f'{diff["boxes"]:.2e} px, scores {diff["scores"]:.2e}, class scores '
              f'{diff["class_scores"]:.2e}; {diff["unmatched"]} detections in one only')
        if max(diff['boxes'], diff['scores']) > TOLERANCE or \
                diff['unmatched'] > 0.1 * diff['detections']:
            raise RuntimeError(f'the exported model differs from PyTorch (tolerance '
                               f'{TOLERANCE}, at most 10 % of detections unmatched)')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('export_onnx', main))
