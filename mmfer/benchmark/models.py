"""Models as the benchmarks time them: built from a config with random (or given) weights,
deployed, and cut to the network without post-processing; their multiply-adds counted."""
import dataclasses
import os.path as osp
from typing import Callable, Dict, Iterator, Optional, Tuple

import torch
from torch import nn

# the detectors compared in the speed tables: name (``{}`` for the size) -> model base config,
# relative to the repository root; a size without a file has no such variant
MODEL_BASES = {'DEIM-{}': 'configs/_base_/models/deim_hgnetv2_{}.py',
               'Natten-DEIM-{}': 'configs/_base_/models/natten_deim_{}.py',
               'Natten-DEIM-{}-lite': 'configs/_base_/models/natten_deim_{}_lite.py'}


def model_configs(size: str, root: str = '.') -> Dict[str, str]:
    """{'DEIM-N': config path, ...} of :data:`MODEL_BASES` at ``size``, those that exist."""
    out = {}
    for name, base in MODEL_BASES.items():
        path = osp.join(root, base.format(size))
        if osp.exists(path):
            out[name.format(size.upper())] = path
    return out


def build_model(config: str, checkpoint: Optional[str] = None, deploy: bool = True) -> nn.Module:
    """The detector of ``config`` in eval mode: ``checkpoint``'s weights (random without),
    re-parameterised for inference (``switch_to_deploy``) if ``deploy``.

    Raises:
        FileNotFoundError: no such config (or checkpoint).
    """
    from mmengine.config import Config

    from mmfer.apis.model_loading import load_detector
    from mmfer.models.utils import switch_to_deploy
    from mmfer.recipes.pretrained_weights import strip_pretrained_files
    from mmfer.registry import MODELS
    from mmfer.utils import register_all_modules
    if checkpoint:
        return load_detector(config, checkpoint, deploy=deploy)[0]
    if not osp.isfile(config):
        raise FileNotFoundError(f'config {config}: no such file')
    register_all_modules()
    model = MODELS.build(strip_pretrained_files(Config.fromfile(config).model)).eval()
    return switch_to_deploy(model) if deploy else model


class NetworkOnly(nn.Module):
    """Backbone, neck and head of any MMDetection detector on a normalised (B, 3, S, S) batch,
    with the image metadata DETR-like heads read (their padding masks); returns the head's
    tensors."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        from mmdet.structures import DetDataSample
        size = tuple(x.shape[-2:])
        samples = [DetDataSample(metainfo=dict(img_shape=size, pad_shape=size,
                                               batch_input_shape=size, ori_shape=size,
                                               scale_factor=(1.0, 1.0))) for _ in x]
        return tuple(tensors_in(self.model._forward(x, samples)))


def tensors_in(value) -> Iterator[torch.Tensor]:
    """The tensors of a head's outputs (tuples, lists, dicts, dataclasses), in order: what a
    traced graph (the FLOP counter's) can return."""
    if isinstance(value, torch.Tensor):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from tensors_in(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from tensors_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from tensors_in(v)


def query_network(model: nn.Module) -> Callable:
    """A DEIM-style detector's network without post-processing: image (B, 3, S, S) in [0, 1]
    -> final logits (B, Q, C), boxes (B, Q, 4). DEIM's own model (no ``bbox_head``) already
    is one."""
    if not hasattr(model, 'bbox_head'):
        return model

    def run(x):
        final = model.bbox_head(model.extract_feat(x)).decoder
        return final.logits, final.boxes
    return run


class QueryNetwork(nn.Module):
    """:func:`query_network` as a module, for mmengine's FLOP counter."""

    def __init__(self, model: nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor):
        return query_network(self.model)(x)


def gflops(module: nn.Module, x: torch.Tensor) -> float:
    """Multiply-adds (as MMDetection counts FLOPs) of ``module(x)`` per image, in G, by
    mmengine's analyzer."""
    from mmengine.analysis import FlopAnalyzer
    analyzer = FlopAnalyzer(module, (x,))
    analyzer.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
    return analyzer.total() / 1e9 / len(x)


GEMM_SIDE = 1024


def gemm_call(size: int = GEMM_SIDE) -> Callable[[], torch.Tensor]:
    """A ``size``-cubed float32 matrix product as a call, to time in the same interleaved rounds
    as the models (a rate measured once, apart from them, can catch a slow spell alone); its
    best time gives :func:`gemm_rate`."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    return lambda: a @ b


def gemm_rate(best_ms: float, size: int = GEMM_SIDE) -> float:
    """This machine's matrix-product rate, in G multiply-adds per second, from the best time of
    :func:`gemm_call`'s product at the thread count it ran with. A model's compute floor is its
    GFLOPs over this rate."""
    return size ** 3 / (best_ms / 1000) / 1e9
