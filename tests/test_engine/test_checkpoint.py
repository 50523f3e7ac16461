import pickle

import numpy as np
import pytest
import torch
from mmengine.logging import MessageHub
from mmengine.runner.checkpoint import CheckpointLoader

from mmfer.engine import load_local_checkpoint


def test_mmengine_training_state_loads_weights_only(tmp_path):
    hub = MessageHub.get_instance('mmfer-test-checkpoint')
    hub.update_scalar('train/loss', 1.5)
    hub.update_scalar('train/loss', 0.5)
    path = tmp_path / 'ckpt.pth'
    torch.save(dict(state_dict=dict(w=torch.ones(2)), message_hub=hub.state_dict()), path)
    loaded = CheckpointLoader.load_checkpoint(str(path), map_location='cpu')
    assert torch.equal(loaded['state_dict']['w'], torch.ones(2))
    assert loaded['message_hub']['log_scalars']['train/loss'].mean() == pytest.approx(1.0)


class _Evil:
    def __reduce__(self):
        return (getattr, (np.ndarray, 'tofile'))  # np.ndarray itself is allowed


def test_other_getattr_is_refused(tmp_path):
    path = tmp_path / 'evil.pth'
    torch.save(dict(payload=_Evil()), path)
    with pytest.raises(pickle.UnpicklingError, match='refusing getattr'):
        load_local_checkpoint(str(path))


def test_missing_checkpoint(tmp_path):
    with pytest.raises(FileNotFoundError, match='nowhere.pth'):
        load_local_checkpoint(str(tmp_path / 'nowhere.pth'))
