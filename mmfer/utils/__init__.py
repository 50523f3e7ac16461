from .io import dump_json_atomic, write_atomic, write_image_atomic
from .setup_env import register_all_modules

__all__ = ['dump_json_atomic', 'register_all_modules', 'write_atomic', 'write_image_atomic']
