"""Where a model breaks: nuisance factors (:mod:`.factors`) and the sweep over them
(:mod:`.sweep`)."""
from .factors import (
    FACTORS,
    IMAGE_FACTORS,
    LandmarkPriorPerturbation,
    Level,
    apply,
    blur,
    illumination,
    occlusion,
    rotation,
    scale,
)
from .sweep import evaluate, load_subset, sweep, write_set

__all__ = ['FACTORS', 'IMAGE_FACTORS', 'Level', 'LandmarkPriorPerturbation', 'apply', 'blur',
           'evaluate', 'illumination', 'load_subset', 'occlusion', 'rotation', 'scale', 'sweep',
           'write_set']
