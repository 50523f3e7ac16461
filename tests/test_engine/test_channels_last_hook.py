"""ChannelsLastHook: NHWC weights for the whole run, the same values and outputs."""
import copy

import torch
from mmengine.model import BaseModel
from mmengine.runner import Runner

from mmfer.engine.hooks import ChannelsLastHook


class ToyConvModel(BaseModel):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8, 1)

    def forward(self, inputs, labels=None, mode='tensor'):
        outputs = self.fc(self.bn(self.conv(inputs)).relu().mean((2, 3)))
        if mode == 'loss':
            return dict(loss=((outputs - labels) ** 2).mean())
        return outputs


def is_nhwc(tensor):
    return tensor.dim() != 4 or tensor.is_contiguous(memory_format=torch.channels_last)


def test_the_run_trains_nhwc_weights_and_saves_ones_any_model_loads(tmp_path):
    torch.manual_seed(0)
    data = [dict(inputs=torch.randn(3, 8, 8), labels=torch.ones(1)) for _ in range(8)]
    runner = Runner(
        model=ToyConvModel(), work_dir=str(tmp_path),
        train_dataloader=dict(dataset=data, sampler=dict(type='DefaultSampler', shuffle=True),
                              batch_size=4, collate_fn=dict(type='default_collate')),
        optim_wrapper=dict(optimizer=dict(type='AdamW', lr=0.01)),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        custom_hooks=[dict(type='EMAHook'), dict(type='ChannelsLastHook')],
        default_scope='mmfer')
    runner.train()
    model = runner.model
    assert not model.conv.weight.is_contiguous()  # converted, not a no-op
    assert all(is_nhwc(p) for p in model.parameters())
    ema = next(h for h in runner.hooks if type(h).__name__ == 'EMAHook').ema_model
    assert all(is_nhwc(p) for p in ema.parameters())  # the average follows the layout
    state = runner.optim_wrapper.optimizer.state[model.conv.weight]
    assert is_nhwc(state['exp_avg'])

    # the checkpoint (the EMA weights, as EMAHook saves them) loads into a plain model,
    # which computes what the run's averaged model computes
    plain = ToyConvModel().eval()
    plain.load_state_dict(torch.load(tmp_path / 'epoch_2.pth', weights_only=False)['state_dict'])
    assert plain.conv.weight.is_contiguous()
    x = torch.randn(2, 3, 8, 8)
    ema.module.eval()
    torch.testing.assert_close(ema.module(x), plain(x), rtol=1e-5, atol=1e-6)


def test_values_are_kept():
    model = ToyConvModel()
    before = copy.deepcopy(model.state_dict())
    runner = type('Runner', (), dict(model=model))()
    ChannelsLastHook().before_run(runner)
    assert not model.conv.weight.is_contiguous()
    for name, value in model.state_dict().items():
        assert torch.equal(value, before[name]), name
