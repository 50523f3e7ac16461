from .onnx_export import ExportableDetector, compare_with_onnxruntime, export_onnx

__all__ = ['ExportableDetector', 'compare_with_onnxruntime', 'export_onnx']
