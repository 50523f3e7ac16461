"""Which checkpoint ``--resume`` continues from: the newest one in the work dir that loads.

mmengine resumes from the file ``last_checkpoint`` names; a checkpoint cut short (a kill or a
full disk while it was written by an older version, a copy that stopped) stops the resume with
torch's "failed reading zip archive". Here each candidate, newest first, is checked as a whole
(every entry of torch's zip archive read against its CRC) and the first sound one is taken.
"""
import os
import os.path as osp
import re
import zipfile
from typing import List, Optional, Tuple

_NUMBERED = re.compile(r'^(epoch|iter)_(\d+)\.pth$')


def checkpoint_problem(path: str) -> Optional[str]:
    """Why the checkpoint at ``path`` cannot load (missing, truncated, not torch's archive,
    an entry that fails its CRC), or None if it is sound."""
    if not osp.isfile(path):
        return 'no such file'
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        return f'not a whole checkpoint ({error})'
    return f'entry {bad} is corrupt' if bad else None


def named_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint ``work_dir/last_checkpoint`` names (mmengine's latest), or None."""
    pointer = osp.join(work_dir, 'last_checkpoint')
    if not osp.isfile(pointer):
        return None
    with open(pointer, encoding='utf-8') as f:
        named = f.read().strip()
    return (named if osp.isabs(named) else osp.join(work_dir, named)) if named else None


def resume_candidates(work_dir: str) -> List[str]:
    """The checkpoints of ``work_dir``, newest first: the one ``last_checkpoint`` names, then
    ``epoch_N.pth`` / ``iter_N.pth`` by N."""
    named = named_checkpoint(work_dir)
    candidates = [named] if named else []
    numbered = [(int(m.group(2)), name) for name in os.listdir(work_dir)
                if (m := _NUMBERED.match(name))] if osp.isdir(work_dir) else []
    for _, name in sorted(numbered, reverse=True):
        path = osp.join(work_dir, name)
        if all(not osp.exists(c) or not osp.samefile(c, path) for c in candidates):
            candidates.append(path)
    return candidates


def latest_loadable_checkpoint(work_dir: str) -> Tuple[Optional[str], List[Tuple[str, str]]]:
    """(the newest sound checkpoint of ``work_dir`` or None if it has none, [(a newer
    checkpoint passed over, why)])."""
    skipped = []
    for path in resume_candidates(work_dir):
        problem = checkpoint_problem(path)
        if problem is None:
            return path, skipped
        skipped.append((path, problem))
    return None, skipped
