"""Parameters and FLOPs of Natten-DEIM's backbone + neck for each model size.

Counted with mmengine's fvcore-style analysis (``mmengine.analysis``: one multiply-add = one
FLOP, as fvcore counts) on one image, by tracing the CPU path of the neighborhood attention:
its tiled matrix products score each query against its 4 x 8 tile's whole key block,
(4 + k - 1)(8 + k - 1) / k^2 times the dot products that the operator itself needs (2.9 at
kernel 7, 3.8 at 5, 6.7 at 3), and the count includes that. N-lite is
configs/_base_/models/natten_deim_n_lite.py's neck (64 channels, the DFPMs after the
projection).

    python benchmarks/backbone_neck_complexity.py [--size 640] [--out ...json]
"""
import argparse

import torch
from mmengine.analysis import FlopAnalyzer, parameter_count
from torch import nn

from mmfer.benchmark import results_path, write_results
from mmfer.models.backbones import DualBranchBackbone
from mmfer.models.necks import DFPMNattenNeck

# Per row: the backbone size, the neck's width (DEIM's encoder width, hidden_dim, for N, S
# and M) and where its DFPMs sit.
MODELS = {'N': ('N', 128, 'input'), 'N-lite': ('N', 64, 'projection'),
          'S': ('S', 256, 'input'), 'M': ('M', 256, 'input')}


class BackboneNeck(nn.Module):

    def __init__(self, size: str, neck_channels: int, dfpm_position: str):
        super().__init__()
        self.backbone = DualBranchBackbone(size)
        channels = self.backbone.out_channels
        self.neck = DFPMNattenNeck(channels[:3], out_channels=neck_channels,
                                   prior_channels=channels[3:], dfpm_position=dfpm_position)

    def forward(self, x):
        return self.neck(self.backbone(x))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--size', type=int, default=640, help='input side in pixels')
    parser.add_argument('--out', default=results_path('backbone_neck_complexity'))
    args = parser.parse_args()
    rows = []
    for name, (size, neck_channels, dfpm_position) in MODELS.items():
        model = BackboneNeck(size, neck_channels, dfpm_position).eval()
        params = parameter_count(model)
        with torch.no_grad():
            flops = FlopAnalyzer(model, torch.randn(1, 3, args.size, args.size))
            flops.unsupported_ops_warnings(False)
            flops.uncalled_modules_warnings(False)
            by_module = flops.by_module()
        row = dict(size=name, arch=model.backbone.ebb.pretrained_cfg.get('architecture'),
                   neck_channels=neck_channels, dfpm_position=dfpm_position, input=args.size,
                   params_m=dict(total=round(params[''] / 1e6, 2),
                                 ebb=round(params['backbone.ebb'] / 1e6, 2),
                                 lpb=round(params['backbone.lpb'] / 1e6, 2),
                                 neck=round(params['neck'] / 1e6, 2)),
                   gflops=dict(total=round(by_module[''] / 1e9, 2),
                               ebb=round(by_module['backbone.ebb'] / 1e9, 2),
                               lpb=round(by_module['backbone.lpb'] / 1e9, 2),
                               neck=round(by_module['neck'] / 1e9, 2)))
        rows.append(row)
        print(f"{name} ({row['arch']}, neck {neck_channels} ch, {args.size}px): "
              f"params {row['params_m']}  GFLOPs {row['gflops']}", flush=True)
    write_results(rows, args.out)


if __name__ == '__main__':
    main()
