"""Where the model looks (the paper's Fig. 4): heat maps over an image, per model.

    python tools/analysis_tools/vis_attention.py CONFIG CHECKPOINT IMAGE --out heat.png
        [--compare CONFIG2 CHECKPOINT2] [--force]

One row per model (CONFIG, then --compare, e.g. Natten-DEIM and its DEIM baseline), headed by
the config's name: the image with the top face, (a) the DFPM spatial gate of each neck level
(Natten-DEIM only: where the landmark prior points), (b) the energy (L2 norm over channels) of
the neck's finest output, (c) Grad-CAM of the top face's expression logit on that output.
Every panel has the image's size and aspect; the rows are padded to the widest.
"""
import argparse
import os.path as osp
import sys

import numpy as np
import torch

from mmfer.cli import run_cli
from mmfer.utils.images import read_image
from mmfer.utils.io import write_image_atomic


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('image')
    parser.add_argument('--out', required=True, help='the PNG to write')
    parser.add_argument('--compare', nargs=2, metavar=('CONFIG', 'CHECKPOINT'),
                        help='a second model for a second row (e.g. the DEIM baseline)')
    parser.add_argument('--force', action='store_true', help='overwrite --out')
    return parser.parse_args(argv)


def model_row(config: str, checkpoint: str, image: np.ndarray) -> np.ndarray:
    from mmfer.apis.model_loading import load_detector, test_scale
    from mmfer.datasets.expressions import EXPRESSION_CLASSES
    from mmfer.models.dense_heads.deim_head import is_deim_style
    from mmfer.visualization.attention_maps import attention_maps, draw_detection, overlay, titled
    model, cfg = load_detector(config, checkpoint)
    if not is_deim_style(model):
        raise ValueError(f'{config}: the maps are drawn for DEIM-style detectors (DEIMHead)')
    size = test_scale(cfg)
    maps = attention_maps(model, image, size)
    name = osp.splitext(osp.basename(config))[0]
    panels = [draw_detection(image, maps['detection'], size, EXPRESSION_CLASSES)]
    panels += [overlay(image, gate, f'DFPM gate L{i + 3}')
               for i, gate in enumerate(maps['gates'])]
    panels += [overlay(image, maps['energy'], 'neck energy'),
               overlay(image, maps['gradcam'], 'Grad-CAM (top face)')]
    return titled(np.hstack(panels), name)


def main(argv=None) -> int:
    args = parse_args(argv)
    if osp.exists(args.out) and not args.force:
        raise FileExistsError(f'{args.out} already exists; pass --force to overwrite it')
    image = read_image(args.image)
    if image is None:
        raise ValueError(f'{args.image}: not a readable image')
    models = [(args.config, args.checkpoint)] + ([tuple(args.compare)] if args.compare
                                                 else [])
    torch.set_grad_enabled(True)
    rows = [model_row(config, checkpoint, image) for config, checkpoint in models]
    width = max(r.shape[1] for r in rows)
    rows = [np.pad(r, ((0, 0), (0, width - r.shape[1]), (0, 0)), constant_values=255)
            for r in rows]
    write_image_atomic(np.vstack(rows), args.out, force=args.force)
    print(f'wrote {args.out}: {len(rows)} model(s), panels of {image.shape[1]}x'
          f'{image.shape[0]} pixels')
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('vis_attention', main))
