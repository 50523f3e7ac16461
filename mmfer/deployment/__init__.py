from .graph_evaluation import evaluate_graph, graph_predictions
from .onnx_export import ExportableDetector, check_exportable, compare_with_runtime, export_onnx
from .quantization import quantize_graph
from .runtimes import RUNTIMES, DeployedGraph

__all__ = ['DeployedGraph', 'ExportableDetector', 'RUNTIMES', 'check_exportable',
           'compare_with_runtime',
           'evaluate_graph', 'export_onnx', 'graph_predictions', 'quantize_graph']
