"""replace_children: every matching submodule at any depth, found before any is replaced."""
from torch import nn

from mmfer.models.utils import replace_children


def test_matches_at_every_depth_are_replaced_and_counted():
    model = nn.Sequential(nn.ReLU(), nn.Sequential(nn.Conv2d(1, 1, 1), nn.ReLU()),
                          nn.Sequential(nn.Sequential(nn.ReLU())))
    # a replacement that holds a match is not visited again
    assert replace_children(model, lambda m: isinstance(m, nn.ReLU),
                            lambda m: nn.Sequential(nn.ReLU())) == 3
    assert isinstance(model[1][0], nn.Conv2d)
    assert [type(m) for m in (model[0], model[1][1], model[2][0][0])] == [nn.Sequential] * 3
    assert sum(isinstance(m, nn.ReLU) for m in model.modules()) == 3


def test_no_match_changes_nothing():
    model = nn.Sequential(nn.Conv2d(1, 1, 1))
    assert replace_children(model, lambda m: isinstance(m, nn.ReLU), nn.Identity) == 0
    assert isinstance(model[0], nn.Conv2d)
