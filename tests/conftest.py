import os.path as osp
import shutil
import subprocess
import textwrap

import pytest

from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
# reference data made with other projects' own code (DEIM's), small enough for the repository
REFERENCE_DATA = osp.join(REPO, 'tests', 'data')

register_all_modules()


def pytest_collection_modifyitems(items):
    """The tests marked ``first`` go first (the order is otherwise kept): with
    ``--dist worksteal`` a long test then starts at once, and the other worker takes what is
    left of its queue, instead of one worker running it while the other waits at the end."""
    items.sort(key=lambda item: item.get_closest_marker('first') is None)


TINY_SYNTHETIC = SyntheticConfig(seed=3, img_size=96, num_train=21, num_test=14)


@pytest.fixture(scope='session')
def tiny_synthetic_root(tmp_path_factory):
    """A tiny synthetic set (21 train / 14 test images of 96 px), made once per session."""
    root = str(tmp_path_factory.mktemp('synth') / 'synthetic_fer')
    generate_synthetic_dataset(root, TINY_SYNTHETIC)
    return root


@pytest.fixture
def affectnet(tmp_path):
    """A copy of tests/data/affectnet: synthetic faces in AffectNet's documented layout."""
    return shutil.copytree(osp.join(REFERENCE_DATA, 'affectnet'), tmp_path / 'affectnet')


@pytest.fixture
def expw(tmp_path):
    """A copy of tests/data/expw: synthetic faces in ExpW's documented layout."""
    return shutil.copytree(osp.join(REFERENCE_DATA, 'expw'), tmp_path / 'expw')


@pytest.fixture(scope='session')
def deim_trained(tmp_path_factory) -> str:
    """DEIM-N as DEIM's own code trained it on the synthetic set, with DEIM's outputs for one
    test image (tests/data/deim_official/, its README): the weights, kept in float16 in the
    repository, saved as a float32 checkpoint file (``state_dict``, ``image``, ``pred_logits``,
    ``pred_boxes``, ``post``)."""
    import torch
    ref = torch.load(osp.join(REFERENCE_DATA, 'deim_official',
                              'deim_hgnetv2_n_synth_trained_fp16.pth'), weights_only=True)
    ref['state_dict'] = {k: v.float() if v.is_floating_point() else v
                         for k, v in ref['state_dict'].items()}
    ref['image'] = ref['image'].float()
    path = tmp_path_factory.mktemp('deim') / 'deim_hgnetv2_n_synth_trained.pth'
    torch.save(ref, path)
    return str(path)


@pytest.fixture(scope='session')
def deim_coco_layout(tmp_path_factory) -> str:
    """A checkpoint in the layout of DEIM-N's COCO checkpoints (``{'model': state_dict}``, 80
    classes, 640 px), every key and shape as DEIM's own (tests/data/deim_official/), random
    weights: its outputs mean nothing."""
    import json

    import torch
    with open(osp.join(REFERENCE_DATA, 'deim_official', 'deim_hgnetv2_n_coco_layout.json')) as f:
        layout = json.load(f)
    gen = torch.Generator().manual_seed(0)
    state = {k: torch.randn(v['shape'], generator=gen).to(getattr(torch, v['dtype']))
             for k, v in layout.items()}
    path = tmp_path_factory.mktemp('deim') / 'deim_hgnetv2_n_coco_layout.pth'
    torch.save(dict(model=state), path)
    return str(path)


def make_variable(name: str) -> str:
    """The value make gives the Makefile's variable ``name``."""
    return subprocess.run(['make', '-s', '--no-print-directory', '-C', REPO, f'print-{name}'],
                          capture_output=True, text=True, check=True).stdout.strip()


# the main job's config, named once, in the Makefile
MAIN_CONFIG = osp.join(REPO, make_variable('MAIN_CONFIG'))


def main_model_config():
    """The main job's model config without its pre-trained branches (`make pretrained` makes
    them; a test machine may not have them)."""
    from mmengine.config import Config

    from mmfer.recipes.pretrained_weights import strip_pretrained_files
    return strip_pretrained_files(Config.fromfile(MAIN_CONFIG).model)


@pytest.fixture(scope='session')
def main_job_checkpoint(tmp_path_factory):
    """The main job's model, untrained, saved as a checkpoint with the expressions as classes."""
    import torch

    from mmfer.datasets.expressions import EXPRESSION_CLASSES
    from mmfer.registry import MODELS
    torch.manual_seed(0)
    model = MODELS.build(main_model_config())
    model.init_weights()
    path = tmp_path_factory.mktemp('ckpt') / 'main_job.pth'
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=EXPRESSION_CLASSES))), path)
    return str(path)


def randomized_checkpoint(config: str, path, seed: int = 0) -> str:
    """A checkpoint of ``config``'s model with every weight random and every BatchNorm
    statistic perturbed: unlike a freshly initialised DEIM (zero box and score heads), its
    outputs depend on the input and its scores are spread, as a trained model's are."""
    import torch
    from mmengine.config import Config

    from mmfer.datasets.expressions import EXPRESSION_CLASSES
    from mmfer.registry import MODELS
    torch.manual_seed(seed)
    from mmfer.recipes.pretrained_weights import strip_pretrained_files
    model = MODELS.build(strip_pretrained_files(Config.fromfile(config).model))
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * (0.02 if p.dim() > 1 else 0.05))
        for name, b in model.named_buffers():
            if name.endswith('running_var'):
                b.uniform_(0.5, 2.0)
            elif name.endswith('running_mean'):
                b.normal_(0, 0.2)
    torch.save(dict(state_dict=model.state_dict(),
                    meta=dict(dataset_meta=dict(classes=EXPRESSION_CLASSES))), path)
    return str(path)


@pytest.fixture
def fake_checkout(tmp_path):
    """A stand-in for a DEIM checkout (mmfer/benchmark/official_deim.py reads one): its config
    loader keeps what it read in a mutable default argument, as DEIM's does; its model's
    width is the config's; it has a criterion, an optimizer and a training set."""
    root = tmp_path / 'deim'
    (root / 'configs' / 'deim_dfine').mkdir(parents=True)
    (root / 'engine' / 'core').mkdir(parents=True)
    (root / 'engine' / '__init__.py').write_text('')
    for size, width in (('n', 4), ('s', 8)):
        text = f'width: {width}\n' + ('extra_layer: true\n' if size == 'n' else '')
        (root / 'configs' / 'deim_dfine' / f'deim_hgnetv2_{size}_coco.yml').write_text(text)
    (root / 'engine' / 'core' / 'yaml_utils.py').write_text(textwrap.dedent('''
        def load_config(file_path, cfg=dict()):
            for line in open(file_path):
                key, value = line.split(':')
                cfg[key] = value.strip()
            return cfg
    '''))
    (root / 'engine' / 'core' / '__init__.py').write_text(textwrap.dedent('''
        import types

        import torch
        from . import yaml_utils

        class Model(torch.nn.Module):
            def __init__(self, cfg):
                super().__init__()
                width = int(cfg['width'])
                self.conv = torch.nn.Conv2d(3, width, 3)
                if cfg.get('extra_layer'):
                    self.extra = torch.nn.Conv2d(width, width, 1)
                self.deployed = False

            def deploy(self):
                self.deployed = True
                return self.eval()

            def forward(self, x, targets=None):
                return dict(pred_logits=self.conv(x))

        class Criterion(torch.nn.Module):
            def forward(self, outputs, targets, **metas):
                return dict(loss=outputs['pred_logits'].pow(2).mean())

        class Dataset:
            epoch = -1

            def set_epoch(self, epoch):
                self.epoch = epoch

            def __len__(self):
                return 5

            def __getitem__(self, index):
                assert self.epoch == 2  # the policy's heaviest stage
                return torch.zeros(3, 8, 8)

        class YAMLConfig:
            def __init__(self, path, **kwargs):
                self.yaml_cfg = dict(yaml_utils.load_config(path), **kwargs)
                self.yaml_cfg['train_dataloader'] = dict(dataset=dict(transforms=dict(
                    policy=dict(epoch=[2, 12, 20]))))
                self.model = Model(self.yaml_cfg)
                self.criterion = Criterion()
                self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=1e-3)
                self.train_dataloader = types.SimpleNamespace(dataset=Dataset())
    '''))
    yield str(root)
    import sys
    for name in [n for n in sys.modules if n == 'engine' or n.startswith('engine.')]:
        del sys.modules[name]


def cli(prog: str, main):
    """A tool's ``main`` as its command line runs it: through ``run_cli``, so that an error is
    one line on stderr and an exit status, as a user sees it."""
    from mmfer.cli import run_cli
    return lambda argv: run_cli(prog, main, argv)
