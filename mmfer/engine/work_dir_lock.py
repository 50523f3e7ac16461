"""One training run per work dir: a lock that a second run finds held, naming the first, and
that a killed run leaves behind to be taken over.

The lock is an exclusive ``flock`` on ``WORK_DIR/.train.lock``, whose text names the holder
(pid, host, start time, command). The kernel drops the ``flock`` when its process ends, however
it ends, so a lock left by a SIGKILL is free; its text, still there, is what tells the next run
that it takes over from a run that did not finish.
"""
import fcntl
import json
import os
import os.path as osp
import socket
import sys
import time
from contextlib import contextmanager
from typing import Iterator, Optional

LOCK_NAME = '.train.lock'


class WorkDirBusy(RuntimeError):
    """Another live process holds the work dir. Exit status 2: the command's fault."""
    exit_status = 2


def holder_text() -> str:
    """This process as the lock's text names it."""
    return json.dumps(dict(pid=os.getpid(), host=socket.gethostname(),
                           started=time.strftime('%Y-%m-%d %H:%M:%S'),
                           command=' '.join(sys.argv)))


def describe_holder(text: str) -> str:
    """``'pid 123 on host, since ...: python tools/train.py ...'`` from a lock's text."""
    try:
        holder = json.loads(text)
        return (f"pid {holder['pid']} on {holder['host']}, since {holder['started']}: "
                f"{holder['command']}")
    except (ValueError, KeyError, TypeError):
        return f'an unreadable holder ({text[:80]!r})'


@contextmanager
def work_dir_lock(work_dir: str) -> Iterator[Optional[str]]:
    """Hold ``work_dir`` for the ``with`` block.

    Yields:
        The holder a killed run left in the lock (:func:`describe_holder`), or None.

    Raises:
        WorkDirBusy: a live process holds it; the message names that process.
    """
    os.makedirs(work_dir, exist_ok=True)
    path = osp.join(work_dir, LOCK_NAME)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorkDirBusy(
                f'{work_dir} is in use by another training run ({describe_holder(read(fd))}); '
                'give this run its own --work-dir, or wait for that one to end') from None
        left = read(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder_text().encode(), 0)
        try:
            yield describe_holder(left) if left else None
        finally:
            os.ftruncate(fd, 0)  # a run that ends leaves nothing to take over
    finally:
        os.close(fd)  # releases the flock


def read(fd: int) -> str:
    return os.pread(fd, 4096, 0).decode('utf-8', 'replace').strip()
