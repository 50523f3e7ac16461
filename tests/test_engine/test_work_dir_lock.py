"""Two runs never share a work dir: a live holder makes a second run fail, naming it; the lock of
a killed holder is taken over; a run that ends leaves nothing behind."""
import json
import os
import signal
import subprocess
import sys

import pytest

from mmfer.engine import work_dir_lock as lock_module
from mmfer.engine.work_dir_lock import LOCK_NAME, WorkDirBusy, work_dir_lock

# another process holding the lock: the module loaded by its path (standard library only),
# so the process starts in a fraction of a second
HOLDER = f"""
import importlib.util, sys, time
spec = importlib.util.spec_from_file_location('lock', {lock_module.__file__!r})
lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lock)
with lock.work_dir_lock(sys.argv[1]):
    print('held', flush=True)
    time.sleep(120)
"""


def test_a_live_run_refuses_a_second_and_a_killed_runs_lock_is_taken_over(tmp_path):
    work = tmp_path / 'work'
    holder = subprocess.Popen([sys.executable, '-c', HOLDER, str(work)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == 'held'
        with pytest.raises(WorkDirBusy, match=rf'work is in use by another training run '
                                              rf'\(pid {holder.pid} on .*-c {work}\)'):
            with work_dir_lock(str(work)):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with work_dir_lock(str(work)) as left_by:
        assert left_by.startswith(f'pid {holder.pid} on ')
        assert json.loads((work / LOCK_NAME).read_text())['pid'] == os.getpid()
        with pytest.raises(WorkDirBusy, match=f'pid {os.getpid()}'):  # held, in this process too
            with work_dir_lock(str(work)):
                pass
    with work_dir_lock(str(work)) as left_by:
        assert left_by is None  # the run above ended and left nothing to take over
