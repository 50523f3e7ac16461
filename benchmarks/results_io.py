"""Writing a benchmark's numbers as JSON (benchmarks/results/ by default)."""
import json
import os
import os.path as osp


def write_results(results, path: str) -> None:
    """Write ``results`` to ``path`` as indented JSON, creating its folder; says where."""
    os.makedirs(osp.dirname(path) or '.', exist_ok=True)
    with open(path, 'w') as f:
        json.dump(results, f, indent=2)
    print(f'wrote {path}')
