from .landmarks import (
                        LoadFaceAnnotations,
                        PackFaceInputs,
                        RandomFlipWithLandmarks,
                        ResizeWithLandmarks,
)

__all__ = ['LoadFaceAnnotations', 'PackFaceInputs', 'RandomFlipWithLandmarks',
           'ResizeWithLandmarks']
