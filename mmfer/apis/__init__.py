from .landmark_pretraining import FaceLandmarkCrops, evaluate_landmark_branch, train_landmark_branch

__all__ = ['FaceLandmarkCrops', 'evaluate_landmark_branch', 'train_landmark_branch']
