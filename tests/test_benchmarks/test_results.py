"""benchmarks/results_io.py: a benchmark's JSON is replaced whole or not at all."""
import json
import os
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, os.path.join(REPO, 'benchmarks'))
from results_io import write_results  # noqa: E402


def test_writes_indented_json_in_a_new_folder_and_replaces_a_rerun(tmp_path):
    path = tmp_path / 'results' / 'bench.json'
    write_results({'median_s': 1.5}, str(path))
    write_results({'median_s': 1.25}, str(path))
    assert json.loads(path.read_text()) == {'median_s': 1.25}
    assert path.read_text().startswith('{\n  ')
    assert os.listdir(path.parent) == ['bench.json']


def test_a_failed_write_leaves_the_previous_numbers_whole(tmp_path):
    path = tmp_path / 'bench.json'
    write_results({'median_s': 1.5}, str(path))
    with pytest.raises(TypeError):
        write_results({'median_s': object()}, str(path))  # not JSON: fails midway
    assert json.loads(path.read_text()) == {'median_s': 1.5}
    assert os.listdir(tmp_path) == ['bench.json']
