from .deim_head import DEIMHead

__all__ = ['DEIMHead']
