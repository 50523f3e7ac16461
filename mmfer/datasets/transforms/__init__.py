from .dense_o2o import IoUCrop, MosaicAffine, ZoomOut
from .landmarks import (
                        LoadFaceAnnotations,
                        PackFaceInputs,
                        RandomFlipWithLandmarks,
                        ResizeWithLandmarks,
)

__all__ = ['IoUCrop', 'MosaicAffine', 'ZoomOut', 'LoadFaceAnnotations', 'PackFaceInputs',
           'RandomFlipWithLandmarks', 'ResizeWithLandmarks']
