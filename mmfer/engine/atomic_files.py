"""Files a run writes are written whole or not at all.

mmengine writes every checkpoint, ``last_checkpoint`` and the best checkpoint through its local
file backend, in place: a kill or a full disk mid-write leaves a truncated file that
``--resume`` then picks. Importing this module registers :class:`AtomicLocalBackend` as that
backend: each file is written beside its destination and renamed over it.
"""
from pathlib import Path
from typing import Union

from mmengine.fileio.backends import LocalBackend, register_backend

from mmfer.utils.io import write_atomic, write_text_atomic


class AtomicLocalBackend(LocalBackend):
    """mmengine's local backend whose ``put`` and ``put_text`` replace a file atomically."""

    def put(self, obj: bytes, filepath: Union[str, Path]) -> None:
        def write(tmp: str) -> None:
            with open(tmp, 'wb') as f:
                f.write(obj)
        write_atomic(str(filepath), write, force=True)

    def put_text(self, obj: str, filepath: Union[str, Path], encoding: str = 'utf-8') -> None:
        write_text_atomic(obj, str(filepath), force=True, encoding=encoding)


register_backend('local', AtomicLocalBackend, force=True, prefixes='')
