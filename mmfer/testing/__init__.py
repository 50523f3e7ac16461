from .fake_data import fake_face_batch
from .matching import match_queries

__all__ = ['fake_face_batch', 'match_queries']
