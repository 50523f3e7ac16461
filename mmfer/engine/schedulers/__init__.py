from .flat_cosine_lr import FlatCosineLR, flat_cosine_factor

__all__ = ['FlatCosineLR', 'flat_cosine_factor']
