"""Measuring models: building them for timing, counting their FLOPs, timing a detector, and
writing the figures where the docs read them. The timers themselves are in
:mod:`mmfer.utils.timing`."""
from .attention_bound import ValuesOnly, free_attention
from .deploy import RUNTIME_NAMES, deployed_calls, runtime_calls
from .detector import benchmark_detector
from .models import (
    MODEL_BASES,
    NetworkOnly,
    QueryNetwork,
    build_model,
    gemm_call,
    gemm_rate,
    gflops,
    model_configs,
    query_network,
)
from .results import RESULTS_DIR, results_path, write_results

__all__ = ['MODEL_BASES', 'NetworkOnly', 'QueryNetwork', 'RESULTS_DIR', 'RUNTIME_NAMES',
           'ValuesOnly', 'benchmark_detector', 'build_model', 'deployed_calls', 'free_attention',
           'gemm_call', 'gemm_rate', 'gflops', 'model_configs', 'query_network', 'results_path',
           'runtime_calls', 'write_results']
