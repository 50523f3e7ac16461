"""A multi-layer perceptron whose activation is configurable (DEIM uses SiLU, D-FINE ReLU)."""
from mmcv.cnn import build_activation_layer
from torch import Tensor, nn


class MLP(nn.Module):
    """``num_layers`` linear layers with an activation between them (none after the last).

    The layers are ``layers.0`` .. ``layers.{num_layers - 1}``, as in MMDetection's ``MLP``
    (which fixes ReLU) and in DEIM / D-FINE.

    Args:
        input_dim, hidden_dim, output_dim (int): widths.
        num_layers (int): number of linear layers.
        act_cfg (dict): the activation. Defaults to ReLU.

    Examples:
        >>> import torch
        >>> mlp = MLP(4, 16, 2, num_layers=3, act_cfg=dict(type='SiLU'))
        >>> tuple(mlp(torch.randn(5, 7, 4)).shape)
        (5, 7, 2)
    """

    def __init__(self, input_dim: int, hidden_dim: int, output_dim: int, num_layers: int,
                 act_cfg: dict = dict(type='ReLU')) -> None:
        super().__init__()
        dims = [input_dim] + [hidden_dim] * (num_layers - 1) + [output_dim]
        self.layers = nn.ModuleList(nn.Linear(i, o) for i, o in zip(dims[:-1], dims[1:]))
        self.act = build_activation_layer(act_cfg)

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = self.act(x)
        return x
