from .fer_inferencer import FERInferencer, faces_of, find_config
from .landmark_pretraining import FaceLandmarkCrops, evaluate_landmark_branch, train_landmark_branch

__all__ = ['FERInferencer', 'faces_of', 'find_config', 'FaceLandmarkCrops',
           'evaluate_landmark_branch', 'train_landmark_branch']
