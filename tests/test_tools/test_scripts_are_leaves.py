"""The scripts in tools/ and benchmarks/ are leaves: the library, the benchmarks and the tests
of anything else import library code, never a script; only the tests of the tools themselves
(tests/test_tools/) run a tool's ``main``, and only those of the benchmarks
(tests/test_benchmarks/) a benchmark's."""
import glob
import os.path as osp

from tests.conftest import REPO
from tests.test_utils.test_ground_floor import imported_modules

# each folder of scripts and the one folder of tests that may import it
OWN_TESTS = {'tools': 'tests/test_tools', 'benchmarks': 'tests/test_benchmarks'}


def script_imports(paths):
    """{file: [(line, module), ...]} of the imports of tools.* or benchmarks.* in ``paths``
    that do not come from the scripts' own tests."""
    found = {}
    for path in paths:
        folder = osp.relpath(path, REPO)
        hits = [(line, name) for line, name in imported_modules(path)
                if name.split('.')[0] in OWN_TESTS
                and not folder.startswith(OWN_TESTS[name.split('.')[0]] + '/')]
        if hits:
            found[osp.relpath(path, REPO)] = hits
    return found


def python_files(*folders):
    return sorted(p for folder in folders
                  for p in glob.glob(osp.join(REPO, folder, '**', '*.py'), recursive=True))


def test_only_the_scripts_own_tests_import_them():
    files = python_files('mmfer', 'tools', 'benchmarks', 'tests')
    assert len(files) > 100  # the walk reads the tree
    assert script_imports(files) == {}


def test_the_check_finds_a_script_imported_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr(osp, 'relpath', lambda path, start: 'tests/test_models/test_x.py')
    module = tmp_path / 'test_x.py'
    module.write_text('from tools.train import main\nimport benchmarks.latency\n'
                      'from mmfer.models import x\n')
    assert list(script_imports([str(module)]).values()) == [
        [(1, 'tools.train'), (2, 'benchmarks.latency')]]
