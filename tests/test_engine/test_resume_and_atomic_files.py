"""Checkpoints written whole or not at all, and --resume's choice among them: the newest one
that loads, the others named, a clear error when none does."""
import os
import os.path as osp

import pytest
import torch
from mmengine.fileio import get_file_backend
from mmengine.runner.checkpoint import save_checkpoint

from mmfer.engine.atomic_files import AtomicLocalBackend
from mmfer.engine.resume import checkpoint_problem, latest_loadable_checkpoint


def test_mmengine_writes_local_files_through_the_atomic_backend(tmp_path):
    assert isinstance(get_file_backend(str(tmp_path / 'x.pth')), AtomicLocalBackend)
    path = tmp_path / 'sub' / 'epoch_1.pth'
    save_checkpoint({'state_dict': {'w': torch.ones(3)}}, str(path))
    assert checkpoint_problem(str(path)) is None and os.listdir(path.parent) == ['epoch_1.pth']


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / 'last_checkpoint'
    path.write_text('epoch_1.pth')

    def killed(*args):
        raise KeyboardInterrupt  # as a kill between writing and renaming

    monkeypatch.setattr(os, 'replace', killed)
    with pytest.raises(KeyboardInterrupt):
        AtomicLocalBackend().put_text('epoch_2.pth', str(path))
    assert path.read_text() == 'epoch_1.pth' and os.listdir(tmp_path) == ['last_checkpoint']


def checkpoint(path, size=None):
    torch.save({'state_dict': {'w': torch.arange(1000.0)}}, str(path))
    if size is not None:
        with open(path, 'r+b') as f:
            f.truncate(size)


def test_the_newest_sound_checkpoint_is_chosen_and_the_others_named(tmp_path):
    for epoch in (1, 2, 10):
        checkpoint(tmp_path / f'epoch_{epoch}.pth')
    checkpoint(tmp_path / 'epoch_11.pth', size=200)         # cut short
    (tmp_path / 'epoch_12.pth').write_bytes(b'garbage')      # not torch's archive
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_12.pth'))
    found, skipped = latest_loadable_checkpoint(str(tmp_path))
    assert found == str(tmp_path / 'epoch_10.pth')  # by number, not by name's order
    assert [osp.basename(p) for p, _ in skipped] == ['epoch_12.pth', 'epoch_11.pth']
    assert all(problem.startswith('not a whole checkpoint') for _, problem in skipped)


def test_no_checkpoint_and_none_that_loads(tmp_path):
    assert latest_loadable_checkpoint(str(tmp_path)) == (None, [])
    assert latest_loadable_checkpoint(str(tmp_path / 'missing')) == (None, [])
    checkpoint(tmp_path / 'epoch_1.pth', size=100)
    found, skipped = latest_loadable_checkpoint(str(tmp_path))
    assert found is None and len(skipped) == 1
