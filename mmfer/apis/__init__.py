from .expression_pretraining import pretrain_expression_branch
from .fer_inferencer import FERInferencer, faces_of, find_config
from .landmark_pretraining import FaceLandmarkCrops, evaluate_landmark_branch, train_landmark_branch
from .pretraining_data import innermost_dataset, split_files

__all__ = ['FERInferencer', 'faces_of', 'find_config', 'FaceLandmarkCrops',
           'evaluate_landmark_branch', 'train_landmark_branch', 'pretrain_expression_branch',
           'innermost_dataset', 'split_files']
