from .flat_cosine_lr import FlatCosineLR, flat_cosine_factor
from .run_fraction import RunFractionScheduler, resolve_fractions

__all__ = ['FlatCosineLR', 'flat_cosine_factor', 'RunFractionScheduler', 'resolve_fractions']
