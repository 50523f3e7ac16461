from .deim import DEIM

__all__ = ['DEIM']
