from .onnx_export import ExportableDetector, compare_with_runtime, export_onnx
from .runtimes import RUNTIMES, DeployedGraph

__all__ = ['DeployedGraph', 'ExportableDetector', 'RUNTIMES', 'compare_with_runtime',
           'export_onnx']
