"""Writing outputs atomically, never silently replacing a user's file."""
import json
import os
import os.path as osp
import tempfile


def dump_json_atomic(obj, path: str, force: bool = False) -> None:
    """Write ``obj`` as JSON to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and an interrupted write leaves the old file intact.

    Raises:
        FileExistsError: ``path`` exists and ``force`` is False.
    """
    if osp.exists(path) and not force:
        raise FileExistsError(f'{path} already exists; pass --force (force=True) to overwrite it')
    directory = osp.dirname(osp.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=osp.basename(path) + '.', suffix='.tmp', dir=directory)
    try:
        with os.fdopen(fd, 'w', encoding='utf-8') as f:
            json.dump(obj, f)
        os.replace(tmp, path)
    except BaseException:
        if osp.exists(tmp):
            os.remove(tmp)
        raise
