"""The exported detector (:func:`~mmfer.deployment.export_onnx`'s graph) run in a deploy
runtime on the CPU: onnxruntime, or OpenVINO (which reads the ONNX file itself)."""
from typing import Dict, Optional

import numpy as np

from mmfer.utils.deploy_packages import require_deploy_packages

from .onnx_export import OUTPUT_NAMES

RUNTIMES = ('onnxruntime', 'openvino')


class DeployedGraph:
    """An exported detector in ``runtime``.

    Call it on ``image`` (1, 3, S, S) float32, BGR in 0..255 (the graph's input); it returns
    {``boxes`` (1, K, 4), ``scores`` (1, K), ``labels`` (1, K) int64, ``queries`` (1, K)
    int64, ``class_scores`` (1, K, C)} as numpy arrays.

    Args:
        onnx_file: the exported graph.
        runtime: ``'onnxruntime'`` or ``'openvino'``.
        threads: the runtime's threads (default: the runtime's own choice).

    OpenVINO is asked for float32 inference: on CPUs with bfloat16 units it would otherwise
    compute in bfloat16, and its detections would no longer match PyTorch's.
    """

    def __init__(self, onnx_file: str, runtime: str = 'onnxruntime',
                 threads: Optional[int] = None) -> None:
        if runtime not in RUNTIMES:
            raise ValueError(f'runtime must be one of {RUNTIMES}, got {runtime!r}')
        require_deploy_packages(runtime)
        self.runtime = runtime
        if runtime == 'onnxruntime':
            import onnxruntime as ort
            options = ort.SessionOptions()
            if threads:
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(onnx_file, options,
                                                 providers=['CPUExecutionProvider'])
            self.input_shape = tuple(self._session.get_inputs()[0].shape)
        else:
            import openvino as ov
            config = {'INFERENCE_PRECISION_HINT': 'f32', 'PERFORMANCE_HINT': 'LATENCY'}
            if threads:
                config['INFERENCE_NUM_THREADS'] = threads
            core = ov.Core()
            model = core.read_model(onnx_file)
            self.input_shape = tuple(model.inputs[0].get_partial_shape().to_shape())
            self._compiled = core.compile_model(model, 'CPU', config)
            self._request = self._compiled.create_infer_request()

    def __call__(self, image: np.ndarray) -> Dict[str, np.ndarray]:
        if tuple(image.shape) != self.input_shape:
            raise ValueError(f'the exported graph takes {self.input_shape} images, got '
                             f'{tuple(image.shape)}')
        image = np.ascontiguousarray(image, dtype=np.float32)
        if self.runtime == 'onnxruntime':
            outputs = self._session.run(list(OUTPUT_NAMES), {'image': image})
        else:
            results = self._request.infer({0: image})
            outputs = [results[self._compiled.output(i)] for i in range(len(OUTPUT_NAMES))]
        return dict(zip(OUTPUT_NAMES, outputs))
