"""Convert a DEIM or D-FINE checkpoint (HGNetV2 N / S / M) into an mmfer checkpoint.

    python tools/model_converters/deim2mmfer.py SRC DST [--ema] [--num-classes K]
                                                [--config CFG | --fit CFG] [--force]

SRC holds ``model``, ``ema.module`` (``--ema``) or a bare state dict, as DEIM and D-FINE save
them. Every source key is mapped or listed as dropped (with the reason). ``--num-classes K``
different from the source's (COCO's 80 -> our 7) leaves out the class-dependent weights so that
fine-tuning starts from everything else. ``--config CFG`` checks that the result loads strictly
into CFG's model; ``--fit CFG`` keeps only what fits CFG's model (name and shape) and lists the
rest: the way to start Natten-DEIM from DEIM (expression branch and decoder from DEIM, the
neck and the landmark branch new). DST is what ``load_from`` / ``tools/test.py`` take.
"""
import argparse
import os.path as osp
import sys

import torch
from mmengine.config import Config

from mmfer.cli import run_cli
from mmfer.models.utils.deim_conversion import convert_deim_state_dict, fit_to_model
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.registry import MODELS
from mmfer.utils import register_all_modules
from mmfer.utils.io import write_atomic
from mmfer.utils.state_dict import find_state_dict, read_weights_file


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='Convert a DEIM / D-FINE checkpoint into an mmfer checkpoint')
    parser.add_argument('src', help='DEIM / D-FINE checkpoint (.pth)')
    parser.add_argument('dst', help='the mmfer checkpoint to write')
    parser.add_argument('--ema', action='store_true',
                        help='convert the EMA weights (ema.module) instead of model')
    parser.add_argument('--num-classes', type=int,
                        help='classes of the target; if it differs from the source\'s, the '
                        'class-dependent weights are left out')
    target = parser.add_mutually_exclusive_group()
    target.add_argument('--config', help='check that the result loads strictly into this '
                        'config\'s model')
    target.add_argument('--fit', metavar='CONFIG', help='keep only the weights that fit this '
                        'config\'s model (e.g. a Natten-DEIM config) and list the others')
    parser.add_argument('--force', action='store_true', help='overwrite DST if it exists')
    return parser.parse_args(argv)


def build_state_dict(config: str) -> dict:
    register_all_modules()
    # the weights come from the converted checkpoint: the files a config is first initialised
    # from (pre-trained branches, ImageNet backbones) need not exist here
    model = strip_pretrained_files(Config.fromfile(config).model)
    return MODELS.build(model).state_dict()


def convert(args, log=print) -> dict:
    """Convert ``args.src``; returns the checkpoint written to ``args.dst``."""
    if osp.exists(args.dst) and not args.force:
        raise FileExistsError(f'{args.dst} already exists; pass --force to overwrite it')
    checkpoint = read_weights_file(args.src, 'DEIM / D-FINE checkpoint')
    state, where = find_state_dict(checkpoint, args.src, use_ema=args.ema)
    result = convert_deim_state_dict(state, args.num_classes)
    log(f'{args.src} ({where}): {len(state)} keys, {result["num_classes"]} classes; '
        f'{len(result["mapped"])} mapped, {len(result["dropped"])} dropped:')
    for key, reason in result['dropped']:
        log(f'  dropped {key}: {reason}')
    weights = result['state']
    meta = dict(converted_from=osp.basename(args.src), source=where,
                source_num_classes=result['num_classes'],
                dropped=[k for k, _ in result['dropped']])
    target = args.config or args.fit
    if target:
        fit = fit_to_model(weights, build_state_dict(target), strict=bool(args.config))
        weights = fit['state']
        for key in fit['not_in_model']:
            log(f'  left out {key}: no such weight in {target}')
        for key, src, own in fit['shape_mismatch']:
            log(f'  left out {key}: shape {src} in the source, {own} in {target}')
        if fit['left_at_init']:
            log(f'  {len(fit["left_at_init"])} weights of {target} keep their initialisation '
                f'(first: {", ".join(fit["left_at_init"][:5])})')
        meta.update(target_config=target, left_out=fit['not_in_model'] + [
            k for k, _, _ in fit['shape_mismatch']], left_at_init=fit['left_at_init'])
    out = dict(state_dict=weights, meta=meta)
    write_atomic(args.dst, lambda tmp: torch.save(out, tmp), force=args.force)
    log(f'wrote {args.dst}: {len(weights)} weights')
    return out


def main(argv=None) -> int:
    args = parse_args(argv)
    convert(args)
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('deim2mmfer', main))
