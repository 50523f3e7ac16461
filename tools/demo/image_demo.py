"""Detect faces and their expressions in images: an image, a folder or a glob.

    python tools/demo/image_demo.py INPUT CONFIG --weights W [--out-dir D] [--show]
                                    [--score-thr 0.3] [--max-faces N] [--device cpu]
                                    [--backend pytorch|onnxruntime|openvino] [--force]

For every image, D/<name>.jpg gets the faces drawn (box, expression, score, and a small bar of
the 7 expression scores) and D/<name>.json the faces (box in pixels, expression, score, the
score of every expression). An image that cannot be read is reported by name and skipped.
CONFIG is a config file or the name of one of mmfer's configs (natten-deim_hgnetv2-n-lite_8e_synth).
"""
import argparse
import os.path as osp
import sys

import cv2

from mmfer.apis import FERInferencer
from mmfer.cli import run_cli
from mmfer.cli.demo_arguments import add_model_arguments
from mmfer.utils.images import list_images, read_image
from mmfer.utils.io import dump_json_atomic, write_image_atomic


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('input', help='an image, a folder of images, or a glob (quote it)')
    add_model_arguments(parser)
    parser.add_argument('--out-dir', default='outputs/image_demo',
                        help='where the drawn images and JSON files go')
    parser.add_argument('--show', action='store_true', help='also show each image in a window')
    parser.add_argument('--force', action='store_true', help='overwrite earlier outputs')
    return parser.parse_args(argv)


def outputs_of(path: str, out_dir: str):
    name = osp.splitext(osp.basename(path))[0]
    return osp.join(out_dir, f'{name}.jpg'), osp.join(out_dir, f'{name}.json')


def main(argv=None) -> int:
    args = parse_args(argv)
    images = list_images(args.input)
    if not osp.isfile(args.weights):
        raise FileNotFoundError(f'--weights {args.weights}: no such checkpoint file')
    if not args.force:
        clashes = [p for path in images for p in outputs_of(path, args.out_dir)
                   if osp.exists(p)]
        if clashes:
            raise FileExistsError(f'{clashes[0]} (and {len(clashes) - 1} more) already '
                                  'exist; pass --force to overwrite them or choose '
                                  'another --out-dir')
    inferencer = FERInferencer(args.config, weights=args.weights, device=args.device,
                                backend=args.backend)
    skipped = 0
    for path in images:
        image = read_image(path)
        if image is None:
            print(f'image_demo: skipped {path}: not a readable image', file=sys.stderr)
            skipped += 1
            continue
        faces, drawn = inferencer.annotate(image, args.score_thr, args.max_faces)
        vis_file, json_file = outputs_of(path, args.out_dir)
        write_image_atomic(drawn, vis_file, force=True)
        dump_json_atomic(dict(image=path, height=image.shape[0], width=image.shape[1],
                              faces=faces), json_file, force=True)
        best = f'{faces[0]["expression"]} {faces[0]["score"]:.2f}' if faces else 'no face'
        print(f'{path}: {len(faces)} face(s), best: {best} -> {vis_file}')
        if args.show:
            cv2.imshow('mmfer', drawn)
            cv2.waitKey(0)
    print(f'{len(images) - skipped} image(s) done, {skipped} skipped; outputs in {args.out_dir}')
    return 0 if skipped < len(images) else 1


if __name__ == '__main__':
    sys.exit(run_cli('image_demo', main))
