import os
import os.path as osp

import pytest

from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
# reference data made with other projects' own code (DEIM's), kept beside the repository
SHARED_FIXTURES = os.environ.get('MMFER_SHARED_FIXTURES',
                                 osp.join(REPO, '..', 'shared', 'fixtures'))

register_all_modules()

TINY_SYNTHETIC = SyntheticConfig(seed=3, img_size=96, num_train=21, num_test=14)


@pytest.fixture(scope='session')
def tiny_synthetic_root(tmp_path_factory):
    """A tiny synthetic set (21 train / 14 test images of 96 px), made once per session."""
    root = str(tmp_path_factory.mktemp('synth') / 'synthetic_fer')
    generate_synthetic_dataset(root, TINY_SYNTHETIC)
    return root


def shared_fixture(*parts: str) -> str:
    """Path of a shared reference file; the test is skipped, saying why, where it is absent."""
    path = osp.join(SHARED_FIXTURES, *parts)
    if not osp.isfile(path):
        pytest.skip(f'reference file {path} is not on this machine (set '
                    'MMFER_SHARED_FIXTURES to the folder holding deim_official/)')
    return path


MAIN_CONFIG = osp.join(REPO, 'configs/natten_deim/natten_deim_n_synth.py')


@pytest.fixture(scope='session')
def main_job_checkpoint(tmp_path_factory):
    """The main job's model, untrained, saved as a checkpoint with the expressions as classes."""
    import torch
    from mmengine.config import Config

    from mmfer.datasets.expressions import EXPRESSION_CLASSES
    from mmfer.registry import MODELS
    torch.manual_seed(0)
    model = MODELS.build(Config.fromfile(MAIN_CONFIG).model)
    model.init_weights()
    path = tmp_path_factory.mktemp('ckpt') / 'natten_deim_n.pth'
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
    model = MODELS.build(Config.fromfile(config).model)
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
