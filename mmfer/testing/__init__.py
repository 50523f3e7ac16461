from .fake_data import fake_face_batch

__all__ = ['fake_face_batch']
