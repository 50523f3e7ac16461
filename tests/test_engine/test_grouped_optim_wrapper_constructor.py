"""GroupedOptimWrapperConstructor: DEIM's paramwise recipe in a few groups, stepping the same."""
import copy

import torch
from mmengine.optim import DefaultOptimWrapperConstructor
from torch import nn

from mmfer.engine import GroupedOptimWrapperConstructor

RECIPE = dict(
    type='OptimWrapper', optimizer=dict(type='AdamW', lr=1e-3, weight_decay=1e-2, fused=True),
    clip_grad=dict(max_norm=0.1, norm_type=2))
PARAMWISE = dict(custom_keys={'backbone': dict(lr_mult=0.5)}, norm_decay_mult=0.0,
                 bias_decay_mult=0.0)


class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Conv2d(4, 4, 1))
        self.head = nn.Sequential(nn.Conv2d(4, 2, 1), nn.GroupNorm(1, 2))

    def forward(self, x):
        return self.head(self.backbone(x))


def build(constructor, model):
    return constructor(copy.deepcopy(RECIPE), copy.deepcopy(PARAMWISE))(model)


def settings(optimizer):
    """Each parameter's (lr, weight_decay), by the parameter's id."""
    return {id(p): (g['lr'], g['weight_decay'])
            for g in optimizer.param_groups for p in g['params']}


def test_every_parameter_keeps_its_setting_in_one_group_per_setting():
    torch.manual_seed(0)
    model = Detector()
    default = build(DefaultOptimWrapperConstructor, model).optimizer
    grouped = build(GroupedOptimWrapperConstructor, model).optimizer
    assert len(default.param_groups) == len(list(model.parameters())) == 10
    assert settings(grouped) == settings(default)
    # one group a setting: the backbone's (custom_keys take precedence over the decay mults
    # in mmengine), the head's weights, the head's norms and biases
    assert len(grouped.param_groups) == len(set(settings(default).values())) == 3


def test_training_steps_give_the_same_weights_as_one_group_a_parameter():
    torch.manual_seed(0)
    models = [Detector(), None]
    models[1] = copy.deepcopy(models[0])
    wrappers = [build(DefaultOptimWrapperConstructor, models[0]),
                build(GroupedOptimWrapperConstructor, models[1])]
    inputs = torch.randn(3, 3, 8, 8)
    for _ in range(3):
        for model, wrapper in zip(models, wrappers):
            wrapper.update_params(model(inputs).square().mean())
    for a, b in zip(models[0].parameters(), models[1].parameters()):
        assert torch.equal(a, b)
    assert not torch.equal(models[1].head[0].weight, Detector().head[0].weight)
