from .fer_inferencer import FERInferencer, faces_of, find_config

__all__ = ['FERInferencer', 'faces_of', 'find_config']
