"""What the tools' tests share: a small config, the options that point a synthetic-set config at
a tiny set and shorten it (and those of the shared ``tiny_run``), and a run's logged
scalars."""
import glob
import json
import os.path as osp

from mmfer.datasets.synthetic import read_synthetic_info
from tests.conftest import REPO

CONFIG = osp.join(REPO, 'configs/retinanet/retinanet_r18_fpn_12e_synth.py')


def data_options(root, epochs, wrapped_train_set=False):
    """--cfg-options that point a synthetic-set config at ``root`` and shorten it.

    ``wrapped_train_set``: the training set sits inside a MultiImageMixDataset (DEIM configs).
    """
    synthetic = dict(read_synthetic_info(root)['config'], faces_per_image=(1, 1))
    options = [f'train_cfg.max_epochs={epochs}', f'train_cfg.val_interval={epochs}',
               'default_hooks.logger.interval=1', 'log_processor.window_size=1']
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dataset = f'{loader}.dataset' + ('.dataset' if wrapped_train_set and
                                          loader == 'train_dataloader' else '')
        options += [f'{loader}.num_workers=0', f'{loader}.persistent_workers=False',
                    f'{dataset}.data_root={root}']
        options += [f'{dataset}.synthetic.{k}={v}'.replace(' ', '') for k, v in synthetic.items()]
    for evaluator in ('val_evaluator', 'test_evaluator'):
        options.append(f'{evaluator}.0.ann_file={root}/annotations/synth_test.json')
    return options


def scalars(work_dir):
    (path,) = glob.glob(f'{work_dir}/*/vis_data/scalars.json')
    with open(path) as f:
        return [json.loads(line) for line in f]


def tiny_run_options(root):
    """The --cfg-options of :func:`tiny_run`: 2 epochs of 3 iterations, evaluated after the
    second, deterministic."""
    return [*data_options(root, 2), 'randomness.deterministic=True']
