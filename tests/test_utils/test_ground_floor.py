"""mmfer/utils/ is the ground floor: its modules import nothing from the rest of mmfer, so any
package may use them without an import cycle. The one exception is the registration entry point
(``register_all_modules``), which imports every package on purpose and lives where MMDetection
keeps its own (``mmdet/utils/setup_env.py``)."""
import ast
import glob
import os.path as osp

from tests.conftest import REPO

UTILS = osp.join(REPO, 'mmfer', 'utils')
# (module, function) allowed to import the rest of mmfer, inside its body
REGISTRATION = {('setup_env.py', 'register_all_modules')}


def imported_modules(path: str, allowed=frozenset()):
    """(line, module) of each absolute import in ``path`` (``'..x'`` for a relative one that
    leaves the package), outside the functions named in ``allowed`` ((file name, function))."""
    tree = ast.parse(open(path).read(), path)
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (osp.basename(path), node.name) in allowed:
            skip.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                names = ['..' + (node.module or '')]
            elif node.level == 1:
                continue
            else:
                names = [node.module]
        else:
            continue
        for name in names:
            yield node.lineno, name


def upward_imports(path: str):
    """(line, module) of each import in ``path`` that reaches mmfer outside mmfer.utils."""
    for line, name in imported_modules(path, REGISTRATION):
        if name.startswith('..') or (name.split('.')[0] == 'mmfer'
                                     and not name.startswith('mmfer.utils')):
            yield line, name


def test_utils_imports_nothing_above_it():
    found = {osp.relpath(p, REPO): list(upward_imports(p))
             for p in sorted(glob.glob(osp.join(UTILS, '**', '*.py'), recursive=True))}
    assert len(found) >= 8, found  # the walk reads the package
    assert not {p: hits for p, hits in found.items() if hits}


def test_the_check_finds_an_upward_import(tmp_path):
    module = tmp_path / 'helper.py'
    module.write_text('import os\nfrom mmfer.registry import MODELS\n'
                      'def f():\n    from ..models import x\n')
    assert list(upward_imports(str(module))) == [(2, 'mmfer.registry'), (4, '..models')]
