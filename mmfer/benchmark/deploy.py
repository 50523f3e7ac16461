"""A detector as it is deployed, in each runtime: image to detections (normalisation, network,
post-processing: :class:`~mmfer.deployment.ExportableDetector`) in PyTorch (eager,
re-parameterised) and, exported once, in onnxruntime and OpenVINO; what it costs and what
this machine's matrix products allow."""
import os.path as osp
from functools import partial
from typing import Callable, Dict, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import nn

from .models import build_model, gflops

RUNTIME_NAMES = ('torch', 'onnxruntime', 'openvino')


def deployed_calls(config: str, shape: int, runtimes: Sequence[str], threads: int,
                   folder: str, transform: Optional[Callable[[nn.Module], nn.Module]] = None
                   ) -> Tuple[Dict[str, Callable[[], object]], dict]:
    """One (1, 3, shape, shape) random image through ``config``'s detector (random weights) in
    each of ``runtimes``, as calls to time (:func:`runtime_calls`); and the model's
    ``params_m`` and ``gflops`` (per image, counted on the PyTorch graph).

    ``transform``, if given, changes the deployed model before it is timed (such as
    :func:`~mmfer.benchmark.attention_bound.free_attention`). The exported graph is written in
    ``folder``, named after the config, the transform and the shape.
    """
    from mmfer.deployment import ExportableDetector
    unknown = set(runtimes) - set(RUNTIME_NAMES)
    if unknown:
        raise ValueError(f'unknown runtimes {sorted(unknown)}; they are {RUNTIME_NAMES}')
    model = build_model(config, deploy=True)
    if transform is not None:
        model = transform(model)
    image = torch.rand(1, 3, shape, shape) * 255
    name = osp.splitext(osp.basename(config))[0] + (f'_{transform.__name__}' if transform else '')
    calls = runtime_calls(model, image, runtimes, threads, osp.join(folder, f'{name}_{shape}.onnx'))
    with torch.no_grad():
        info = dict(params_m=sum(p.numel() for p in model.parameters()) / 1e6,
                    gflops=gflops(ExportableDetector(model).eval(), image))
    return calls, info


def runtime_calls(model: nn.Module, image: torch.Tensor, runtimes: Sequence[str], threads: int,
                  path: str) -> Dict[str, Callable[[], object]]:
    """A DEIM-style ``model`` from image to detections on ``image`` (1, 3, S, S), as one call
    per runtime: ``'torch'`` runs :class:`~mmfer.deployment.ExportableDetector` eagerly with
    the caller's thread count; the others run the graph exported once to ``path``
    (:class:`~mmfer.deployment.DeployedGraph`, ``threads`` threads).
    """
    from mmfer.deployment import DeployedGraph, ExportableDetector, export_onnx
    calls = {}
    if 'torch' in runtimes:
        calls['torch'] = torch.no_grad()(partial(ExportableDetector(model).eval(), image))
    graphs = [r for r in runtimes if r != 'torch']
    if graphs:
        with torch.no_grad():
            export_onnx(model, path, image.shape[-1])
        array = image.numpy().astype(np.float32)
        for runtime in graphs:
            calls[runtime] = partial(DeployedGraph(path, runtime, threads), array)
    return calls
