"""Writing a benchmark's numbers as JSON (benchmarks/results/ by default)."""
import json

from mmfer.utils.io import write_atomic


def write_results(results, path: str) -> None:
    """Write ``results`` to ``path`` as indented JSON, creating its folder; says where.

    A rerun replaces the benchmark's previous numbers (that is its job), atomically: an
    interrupted run leaves the old file whole.
    """
    def write(tmp: str) -> None:
        with open(tmp, 'w', encoding='utf-8') as f:
            json.dump(results, f, indent=2)
    write_atomic(path, write, force=True)
    print(f'wrote {path}')
