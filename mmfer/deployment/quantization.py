"""Post-training INT8 quantisation of an exported graph: onnxruntime's static quantiser (QDQ
format, int8 weights per output channel, uint8 activations), calibrated on images of the
target set through the config's test resize.

Weights use 7 of their 8 bits (``reduce_range``): x86 CPUs without VNNI instructions (AVX2,
most AVX-512 before Cascade Lake) multiply uint8 by int8 in 16-bit sums that saturate at full
range and lose accuracy (measured in docs/benchmarks.md).
"""
import os.path as osp
import tempfile
from typing import List, Sequence

import numpy as np
from mmengine.config import Config
from mmengine.registry import init_default_scope

from mmfer.registry import DATASETS
from mmfer.utils.dataset_config import innermost_dataset

# the compute-heavy operators, whose int8 kernels are what quantisation buys; the rest
# (normalisation, softmax, sigmoid, grid sampling, top-k) stays in float32
QUANTIZED_OPS = ('Conv', 'MatMul', 'Gemm')


def calibration_images(cfg: Config, count: int, seed: int = 0) -> List[np.ndarray]:
    """``count`` images of ``cfg``'s training set (drawn without replacement, ``seed``),
    each through the test pipeline: (1, 3, S, S) float32 BGR in 0..255, the graph's input."""
    init_default_scope(cfg.get('default_scope', 'mmfer'))
    source = innermost_dataset(cfg.train_dataloader.dataset)
    dataset = DATASETS.build(dict(source, pipeline=cfg.test_dataloader.dataset.pipeline,
                                  test_mode=True))
    if count > len(dataset):
        raise ValueError(f'{count} calibration images asked for, the training set '
                         f'({dataset.ann_file}) has {len(dataset)}')
    chosen = np.sort(np.random.default_rng(seed).choice(len(dataset), count, replace=False))
    return [dataset[int(i)]['inputs'][None].float().numpy() for i in chosen]


CALIBRATIONS = ('minmax', 'percentile', 'entropy')


def quantize_graph(onnx_in: str, onnx_out: str, images: Sequence[np.ndarray],
                   keep_fp32: Sequence[str] = (), calibration: str = 'minmax') -> List[str]:
    """Write ``onnx_in`` quantised to INT8 at ``onnx_out``, its activation ranges calibrated
    on ``images`` (each the graph's input).

    Args:
        keep_fp32: substrings of node names (``'decoder'``, ``'bbox_head'``) whose nodes stay
            in float32.
        calibration: how an activation's range is set from the calibration images:
            ``'minmax'`` (its extremes), ``'percentile'`` (99.999 % of its values) or
            ``'entropy'`` (the range that loses least information).

    Returns:
        The names of the nodes kept in float32 by ``keep_fp32``.
    """
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    class Reader(CalibrationDataReader):
        def __init__(self):
            self.images = iter(images)

        def get_next(self):
            image = next(self.images, None)
            return None if image is None else {'image': image}

    if calibration not in CALIBRATIONS:
        raise ValueError(f'calibration must be one of {CALIBRATIONS}, got {calibration!r}')
    method = dict(minmax=CalibrationMethod.MinMax, percentile=CalibrationMethod.Percentile,
                  entropy=CalibrationMethod.Entropy)[calibration]
    with tempfile.TemporaryDirectory() as tmp:
        prepared = osp.join(tmp, 'prepared.onnx')
        quant_pre_process(onnx_in, prepared, skip_symbolic_shape=True)
        nodes = [n.name for n in onnx.load(prepared).graph.node]
        kept = [n for n in nodes if any(part in n for part in keep_fp32)]
        quantize_static(prepared, onnx_out, Reader(), quant_format=QuantFormat.QDQ,
                        per_channel=True, activation_type=QuantType.QUInt8,
                        weight_type=QuantType.QInt8, op_types_to_quantize=list(QUANTIZED_OPS),
                        nodes_to_exclude=kept, calibrate_method=method, reduce_range=True)
    return kept
