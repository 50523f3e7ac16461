"""Where a benchmark's numbers go: JSON under docs/results/, which the docs read."""
import os.path as osp

from mmfer.utils.io import dump_json_atomic

# the folder the docs read measured figures from, relative to the repository root
RESULTS_DIR = 'docs/results'


def results_path(name: str) -> str:
    """The default ``--out`` of a benchmark: ``docs/results/<name>.json``."""
    return osp.join(RESULTS_DIR, f'{name}.json')


def write_results(results, path: str) -> None:
    """Write ``results`` to ``path`` as indented JSON, creating its folder; says where.

    A rerun replaces the benchmark's previous numbers (that is its job), atomically: an
    interrupted run leaves the old file whole.
    """
    dump_json_atomic(results, path, force=True, indent=2)
    print(f'wrote {path}')
