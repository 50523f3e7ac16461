"""A detector as it is deployed, in each runtime: image to detections (normalisation, network,
post-processing: :class:`~mmfer.deployment.ExportableDetector`) in PyTorch (eager,
re-parameterised) and, exported once, in onnxruntime and OpenVINO; what it costs and what
this machine's matrix products allow."""
import os.path as osp
from functools import partial
from typing import Callable, Dict, Sequence, Tuple

import torch

from .models import build_model, gflops

RUNTIME_NAMES = ('torch', 'onnxruntime', 'openvino')


def deployed_calls(config: str, shape: int, runtimes: Sequence[str], threads: int,
                   folder: str) -> Tuple[Dict[str, Callable[[], object]], dict]:
    """One (1, 3, shape, shape) random image through ``config``'s detector (random weights) in
    each of ``runtimes``, as calls to time; and the model's ``params_m`` and ``gflops`` (per
    image, counted on the PyTorch graph). The exported graph is written in ``folder``.

    PyTorch runs with the caller's thread count; the runtimes' sessions get ``threads``.
    """
    from mmfer.deployment import DeployedGraph, ExportableDetector, export_onnx
    unknown = set(runtimes) - set(RUNTIME_NAMES)
    if unknown:
        raise ValueError(f'unknown runtimes {sorted(unknown)}; they are {RUNTIME_NAMES}')
    model = build_model(config, deploy=True)
    wrapper = ExportableDetector(model).eval()
    image = torch.rand(1, 3, shape, shape) * 255
    with torch.no_grad():
        info = dict(params_m=sum(p.numel() for p in model.parameters()) / 1e6,
                    gflops=gflops(wrapper, image))
    calls = {}
    if 'torch' in runtimes:
        calls['torch'] = torch.no_grad()(partial(wrapper, image))
    graphs = [r for r in runtimes if r != 'torch']
    if graphs:
        path = osp.join(folder, osp.splitext(osp.basename(config))[0] + f'_{shape}.onnx')
        with torch.no_grad():
            export_onnx(model, path, shape)
        for runtime in graphs:
            calls[runtime] = partial(DeployedGraph(path, runtime, threads), image.numpy())
    return calls, info
