"""Writing outputs atomically, never silently replacing a user's file."""
import json
import os
import os.path as osp
import tempfile
from typing import Callable, Optional


def write_atomic(path: str, write: Callable[[str], None], force: bool = False) -> None:
    """Call ``write(tmp_path)`` on a temporary file beside ``path``, then rename it to ``path``.

    A reader never sees a half-written file, and an interrupted write leaves the old file intact.
    The file gets the permissions a plain ``open(path, 'w')`` gives it (a replaced file keeps
    its own; a new one 0o666 less the umask), not the temporary file's 0o600.

    Raises:
        FileExistsError: ``path`` exists and ``force`` is False.
    """
    if osp.exists(path) and not force:
        raise FileExistsError(f'{path} already exists; pass --force (force=True) to overwrite it')
    directory = osp.dirname(osp.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=osp.basename(path) + '.', suffix='.tmp', dir=directory)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    finally:
        if osp.exists(tmp):
            os.remove(tmp)


def _mode_for(path: str) -> int:
    if osp.exists(path):
        return os.stat(path).st_mode & 0o7777
    umask = os.umask(0)  # reading the umask means setting it: put it back at once
    os.umask(umask)
    return 0o666 & ~umask


def write_text_atomic(text: str, path: str, force: bool = False,
                      encoding: str = 'utf-8') -> None:
    """Write ``text`` to ``path`` whole or not at all (:func:`write_atomic`)."""
    def write(tmp: str) -> None:
        with open(tmp, 'w', encoding=encoding) as f:
            f.write(text)

    write_atomic(path, write, force)


def dump_json_atomic(obj, path: str, force: bool = False, indent: Optional[int] = None) -> None:
    """Write ``obj`` as JSON to ``path`` atomically (see :func:`write_atomic`); ``indent`` as
    :func:`json.dump`'s."""
    def write(tmp: str) -> None:
        with open(tmp, 'w', encoding='utf-8') as f:
            json.dump(obj, f, indent=indent)
    write_atomic(path, write, force)


def write_image_atomic(image, path: str, force: bool = False) -> None:
    """Encode ``image`` (H, W, 3) uint8 BGR in the format of ``path``'s extension and write it
    atomically (see :func:`write_atomic`)."""
    import cv2
    ok, data = cv2.imencode(os.path.splitext(path)[1] or '.png', image)
    if not ok:
        raise ValueError(f'could not encode an image for {path}')

    def write(tmp: str) -> None:
        with open(tmp, 'wb') as f:
            f.write(data.tobytes())
    write_atomic(path, write, force)
