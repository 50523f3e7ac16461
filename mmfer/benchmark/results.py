"""Writing a benchmark's numbers as JSON (benchmarks/results/ by default)."""
from mmfer.utils.io import dump_json_atomic


def write_results(results, path: str) -> None:
    """Write ``results`` to ``path`` as indented JSON, creating its folder; says where.

    A rerun replaces the benchmark's previous numbers (that is its job), atomically: an
    interrupted run leaves the old file whole.
    """
    dump_json_atomic(results, path, force=True, indent=2)
    print(f'wrote {path}')
