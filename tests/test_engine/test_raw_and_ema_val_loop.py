"""RawAndEMAValLoop: the raw weights are evaluated at the last validation, or every one."""
import pytest
import torch
from mmengine.evaluator import BaseMetric
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mmfer.engine.runner import RawAndEMAValLoop
from mmfer.registry import METRICS


class ToyModel(BaseModel):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, inputs, labels=None, mode='tensor'):
        outputs = self.linear(inputs)
        if mode == 'loss':
            return dict(loss=((outputs - labels) ** 2).mean())
        return [dict(pred=o) for o in outputs]


@METRICS.register_module(force=True)
class ToyWeightMetric(BaseMetric):
    """The mean prediction: it tells the EMA weights from the raw ones."""

    def process(self, data_batch, data_samples):
        self.results.extend(float(s['pred']) for s in data_samples)

    def compute_metrics(self, results):
        return dict(pred=sum(results) / len(results))


def run_validations(tmp_path, raw_at, epochs=3):
    data = [dict(inputs=torch.ones(1), labels=torch.full((1,), 5.0)) for _ in range(8)]
    loader = dict(dataset=data, sampler=dict(type='DefaultSampler', shuffle=False),
                  batch_size=4, collate_fn=dict(type='default_collate'))
    runner = Runner(
        model=ToyModel(), work_dir=str(tmp_path), train_dataloader=loader,
        val_dataloader=loader, val_evaluator=dict(type='ToyWeightMetric'),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=True, max_epochs=epochs, val_interval=1),
        val_cfg=dict(type=RawAndEMAValLoop, raw_at=raw_at),
        custom_hooks=[dict(type='EMAHook', momentum=0.5)],
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=-1)),
        default_scope='mmfer', experiment_name=f'raw_at_{raw_at}_{epochs}')
    runner.train()
    return runner


@pytest.mark.parametrize('raw_at, raw_epochs', [('last', [3]), ('every', [1, 2, 3])])
def test_raw_weights_are_evaluated_when_asked(tmp_path, raw_at, raw_epochs):
    runner = run_validations(tmp_path, raw_at)
    history = runner.message_hub.log_scalars
    assert len(history['val/pred'].data[0]) == 3  # the EMA weights, every epoch
    raw = history.get('val/raw/pred')
    assert raw is not None and len(raw.data[0]) == len(raw_epochs)
    # the raw weights are not the averaged ones
    assert raw.data[0][-1] != pytest.approx(history['val/pred'].data[0][-1])


def test_outside_training_the_raw_weights_are_evaluated(tmp_path):
    runner = run_validations(tmp_path, 'last', epochs=1)
    metrics = runner.val()
    assert 'raw/pred' in metrics and 'pred' in metrics


def test_an_unknown_choice_is_refused():
    with pytest.raises(ValueError, match="raw_at is 'last' or 'every'"):
        RawAndEMAValLoop(runner=None, dataloader=None, evaluator=None, raw_at='first')
