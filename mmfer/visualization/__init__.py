from .fer_visualizer import FERVisualizer

__all__ = ['FERVisualizer']
