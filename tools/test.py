"""Evaluate a checkpoint with an mmfer/mmdet config (COCO mAP, AP50 per expression, accuracy).

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out results.pkl]
                         [--show-dir DIR] [--cfg-options k=v ...] [--launcher L] [--debug]

The checkpoint, the config, its overrides, the test data and the head's classes against the
data's are checked before the runner and the datasets are built; a mistake ends with one line.
"""
import argparse
import os.path as osp
import sys

from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from mmfer.cli import run_cli
from mmfer.cli.run_checks import check_checkpoint, check_data, check_num_classes
from mmfer.cli.run_config import add_common_arguments, load_run_config
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.utils import register_all_modules


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--out', help='dump the predictions to this pickle file')
    parser.add_argument('--show-dir', help='save images with drawn predictions in this dir '
                        '(relative to the run\'s log dir)')
    add_common_arguments(parser)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.out is not None:
        if not args.out.endswith(('.pkl', '.pickle')):
            raise ValueError(f'--out must be a .pkl or .pickle file, got {args.out}')
        if osp.exists(args.out):
            raise FileExistsError(f'{args.out} already exists; remove it or choose another')
    check_checkpoint(args.checkpoint)
    register_all_modules(init_default_scope=False)
    cfg = load_run_config(args.config, args.cfg_options, args.work_dir, args.launcher,
                          args.local_rank)
    check_data(cfg, 'test', args.config)
    check_num_classes(cfg, 'test', args.config)
    # the checkpoint holds every weight: the files a model was first initialised from (the
    # pre-trained branches) need not be on this machine
    cfg.model = strip_pretrained_files(cfg.model)
    cfg.load_from = args.checkpoint
    if args.show_dir:
        vis_hook = cfg.default_hooks.visualization
        vis_hook.draw = True
        vis_hook.test_out_dir = args.show_dir
    if args.out is not None:
        cfg.test_evaluator = list(cfg.test_evaluator) if isinstance(
            cfg.test_evaluator, (list, tuple)) else [cfg.test_evaluator]
        cfg.test_evaluator.append(dict(type='DumpDetResults', out_file_path=args.out))
    runner = RUNNERS.build(cfg) if 'runner_type' in cfg else Runner.from_cfg(cfg)
    runner.test()
    return 0


if __name__ == '__main__':
    sys.exit(run_cli('test', main))
