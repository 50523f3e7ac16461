"""DivergenceHook: a non-finite loss term or gradient stops the run at that iteration, by name,
with the last good checkpoint named and nothing written after it; overflowing steps that the
loss scaler skips are counted, not fatal, unless they go on; tools exit with status 2."""
import glob
import os.path as osp
from types import SimpleNamespace

import pytest
import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner
from torch.utils.data import Dataset

from mmfer.cli import run_cli
from mmfer.engine.hooks import DivergenceHook, TrainingDiverged


class Points(Dataset):
    def __len__(self):
        return 16

    def __getitem__(self, i):
        x = torch.tensor([i / 16.0, 1.0])
        return dict(inputs=x, target=2.0 * x.sum())


class TwoTerms(BaseModel):
    """A linear regression with two loss terms; ``nan_at`` makes ``loss_b`` NaN at that
    iteration (0-based, counted by the model), under autocast of ``dtype`` if given."""

    def __init__(self, nan_at=None, dtype=None):
        super().__init__()
        self.linear = torch.nn.Linear(2, 1)
        self.nan_at, self.dtype, self.calls = nan_at, dtype, 0

    def forward(self, inputs, target, mode='loss'):
        with torch.autocast('cpu', dtype=self.dtype, enabled=self.dtype is not None):
            pred = self.linear(inputs).squeeze(-1)
            loss_b = (pred - target).abs().mean()
        if self.calls == self.nan_at:
            loss_b = loss_b * float('nan')
        self.calls += 1
        return dict(loss_a=((pred.float() - target) ** 2).mean(), loss_b=loss_b.float())


def run(tmp_path, model, lr=0.01, clip=None, epochs=3):
    optim = dict(optimizer=dict(type='SGD', lr=lr))
    if clip:
        optim['clip_grad'] = dict(max_norm=clip)
    runner = Runner(
        model=model, work_dir=str(tmp_path), experiment_name=f'div{id(model)}',
        train_dataloader=dict(dataset=Points(), batch_size=4, num_workers=0,
                              sampler=dict(type='DefaultSampler', shuffle=False),
                              collate_fn=dict(type='default_collate')),
        optim_wrapper=optim, train_cfg=dict(by_epoch=True, max_epochs=epochs),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1,
                                           by_epoch=False),
                           divergence=dict(type='DivergenceHook')),
        default_scope='mmfer')
    runner.train()


@pytest.mark.parametrize('dtype', [None, torch.float16, torch.bfloat16],
                         ids=['fp32', 'fp16', 'bf16'])
def test_a_nan_term_stops_the_run_at_its_iteration(tmp_path, dtype):
    with pytest.raises(TrainingDiverged) as error:
        run(tmp_path, TwoTerms(nan_at=5, dtype=dtype))
    message = str(error.value)
    assert 'diverged at iteration 6 (epoch 2)' in message
    assert 'non-finite loss, loss_b at lr 0.01' in message
    assert message.endswith('iter_5.pth (resume from it with a lower lr, or look for bad data)')
    # every iteration before it checkpointed, none from it on
    assert sorted(osp.basename(p) for p in glob.glob(f'{tmp_path}/iter_*.pth')) == [
        f'iter_{i}.pth' for i in range(1, 6)]


def test_a_learning_rate_that_diverges_for_real(tmp_path):
    with pytest.raises(TrainingDiverged, match=r'non-finite loss, loss_a.* at lr 1e\+06'):
        run(tmp_path, TwoTerms(), lr=1e6, epochs=20)


def test_a_non_finite_gradient_norm_stops_the_run(tmp_path):
    hook = DivergenceHook()
    runner = SimpleNamespace(
        optim_wrapper=SimpleNamespace(get_lr=lambda: {'lr': [0.1]}),
        message_hub=SimpleNamespace(log_scalars={'train/grad_norm': SimpleNamespace(
            current=lambda: float('inf'))}),
        work_dir=str(tmp_path), iter=9, epoch=0)
    with pytest.raises(TrainingDiverged, match='iteration 10 .*non-finite gradient norm.*'
                                               'none was written yet'):
        hook.after_train_iter(runner, 0, outputs={'loss': torch.tensor(1.0)})


def test_skipped_overflow_steps_are_counted_until_they_go_on(tmp_path):
    scale = [1024.0]
    updates = []
    runner = SimpleNamespace(
        optim_wrapper=SimpleNamespace(loss_scaler=SimpleNamespace(get_scale=lambda: scale[0]),
                                      get_lr=lambda: {'lr': [0.1]}),
        message_hub=SimpleNamespace(update_scalar=lambda k, v: updates.append((k, v))),
        work_dir=str(tmp_path), iter=0, epoch=0)
    hook = DivergenceHook(max_skipped_steps=3)
    finite = {'loss': torch.tensor(1.0)}
    hook.after_train_iter(runner, 0, outputs=finite)
    for _ in range(2):  # two overflows, skipped by the scaler (its scale halves)
        scale[0] /= 2
        hook.after_train_iter(runner, 0, outputs=finite)
    hook.after_train_iter(runner, 0, outputs=finite)  # a good step: the count starts again
    assert hook.skipped_in_a_row == 0 and hook.skipped_total == 2
    assert updates[-1] == ('train/skipped_steps', 2)
    for _ in range(2):
        scale[0] /= 2
        hook.after_train_iter(runner, 0, outputs=finite)
    scale[0] /= 2
    with pytest.raises(TrainingDiverged, match='3 overflowing steps in a row'):
        hook.after_train_iter(runner, 0, outputs=finite)


def test_a_tool_exits_with_status_2_and_one_line(capsys):
    def main(argv):
        raise TrainingDiverged('training diverged at iteration 3 (epoch 1): ...')
    assert run_cli('train', main, []) == 2
    err = capsys.readouterr().err
    assert err.startswith('train: error: training diverged at iteration 3') and \
        err.count('\n') == 1
