import os.path as osp

import pytest

from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset
from mmfer.utils import register_all_modules

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))

register_all_modules()

TINY_SYNTHETIC = SyntheticConfig(seed=3, img_size=96, num_train=21, num_test=14)


@pytest.fixture(scope='session')
def tiny_synthetic_root(tmp_path_factory):
    """A tiny synthetic set (21 train / 14 test images of 96 px), made once per session."""
    root = str(tmp_path_factory.mktemp('synth') / 'synthetic_fer')
    generate_synthetic_dataset(root, TINY_SYNTHETIC)
    return root
