"""mmfer.benchmark.results: a benchmark's JSON goes where the docs read it, and is replaced whole
or not at all."""
import json
import os

import pytest

from mmfer.benchmark import results_path, write_results
from tests.conftest import REPO


def test_results_go_where_the_docs_read_them():
    assert results_path('latency_cpu') == 'docs/results/latency_cpu.json'
    assert os.path.isfile(os.path.join(REPO, results_path('latency_cpu')))


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
