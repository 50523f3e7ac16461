"""One detector's latency, throughput, parameters and GFLOPs on this machine (what
tools/analysis_tools/benchmark.py prints)."""
import os.path as osp
import tempfile
from typing import Optional

import torch
from torch import nn

from mmfer.utils.timing import time_call, torch_threads

from .deploy import runtime_calls
from .models import NetworkOnly, build_model, gflops


def benchmark_detector(config: str, checkpoint: Optional[str] = None, shape: int = 640,
                       batch: int = 1, runtime: str = 'torch', network: bool = False,
                       threads: int = 2, warmup: int = 5, runs: int = 20,
                       deploy: bool = True) -> dict:
    """Time ``config``'s detector on random (batch, 3, S, S) inputs with ``threads`` threads
    (the process's own thread count is put back afterwards).

    From image to detections (normalisation, network, post-processing: the graph
    tools/deployment/export_onnx.py exports) in ``runtime`` 'torch', 'onnxruntime' or
    'openvino' (the exported graph: :class:`~mmfer.deployment.DeployedGraph`); with
    ``network`` the network alone on a normalised batch (any MMDetection detector, PyTorch).

    Returns:
        dict: ``min_ms``, ``median_ms`` (over ``runs`` after ``warmup``), ``images_per_s``
        (from the median), ``params_m``, ``gflops`` (per image, counted on the PyTorch
        model), and the arguments that say what was timed.

    Raises:
        ValueError: ``network`` with another runtime, or a detector that is not DEIM-style
            timed from image to detections.
    """
    if network and runtime != 'torch':
        raise ValueError('--network times the PyTorch model only')
    with torch_threads(threads):
        model = build_model(config, checkpoint, deploy=deploy)
        if network:
            target = NetworkOnly(model).eval()
        else:
            from mmfer.deployment import ExportableDetector
            from mmfer.models.dense_heads.deim_head import is_deim_style
            if not is_deim_style(model):
                raise ValueError(f'{config}: only DEIM-style detectors (DEIMHead) are timed '
                                 'from image to detections; --network times any detector')
            target = ExportableDetector(model).eval()
        x = torch.rand(batch, 3, shape, shape) * 255
        if network:
            x = (x - 127.5) / 64.0  # a normalised batch: the network alone does not normalise
        with torch.no_grad():
            flops = gflops(target, x)
            if runtime == 'torch':
                timing = time_call(lambda: target(x), warmup, runs)
            else:
                timing = time_deployed(model, x, runtime, threads, warmup, runs)
    return dict(config=config, runtime=runtime, network_only=network, shape=shape, batch=batch,
                threads=threads, **timing, images_per_s=batch * 1000 / timing['median_ms'],
                params_m=sum(p.numel() for p in model.parameters()) / 1e6, gflops=flops)


def time_deployed(model: nn.Module, x: torch.Tensor, runtime: str, threads: int, warmup: int,
                  runs: int) -> dict:
    """``model`` exported to ONNX (batch 1) and timed in ``runtime`` (onnxruntime or OpenVINO)
    on the CPU, the batch's images one after another."""
    with tempfile.TemporaryDirectory() as tmp:
        call = runtime_calls(model, x[:1], [runtime], threads, osp.join(tmp, 'model.onnx'))[runtime]
        return time_call(lambda: [call() for _ in range(len(x))], warmup, runs)
