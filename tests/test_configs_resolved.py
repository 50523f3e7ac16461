"""Every leaf config resolves to what it resolved to when tests/data/resolved_configs.json was
written: moving code between modules, or writing a recipe out as config files, must not change
what a config trains. Each leaf's top-level entries are compared one by one (a digest of each),
so a failure names the config and the entry that changed.

A change made on purpose is listed in ``INTENDED`` with its reason, or written into the snapshot::

    MMFER_UPDATE_CONFIG_SNAPSHOT=1 python -m pytest tests/test_configs_resolved.py

and the commit that does so says why.
"""
import fnmatch
import glob
import hashlib
import json
import os
import os.path as osp

import pytest
from mmengine.config import Config

from tests.conftest import REPO

SNAPSHOT = osp.join(REPO, 'tests', 'data', 'resolved_configs.json')
LEAVES = sorted(osp.relpath(p, REPO) for p in glob.glob(osp.join(REPO, 'configs', '*', '*.py'))
                if osp.basename(osp.dirname(p)) != '_base_')
# variables a config reads from the environment; unset, so the snapshot is every user's default
CONFIG_ENV = ('DATA_ROOT',)
# the entries that differ from the snapshot on purpose, by config (fnmatch pattern), and why
INTENDED = {
    # the 320-px RAF-DB base's top-level pipeline variables now say 320 px, as its dataloaders
    # always did (they said 640: the base's variables, which it did not restate)
    'configs/*deim/*_rafdb-320.py': {'train_pipeline', 'test_pipeline'},
    # the default hooks of long runs: a non-finite loss or gradient stops the run
    # (divergence), a resumed run draws the uninterrupted one's random numbers (random_state),
    # the images a dataset skipped are counted beside the metrics (skipped_images)
    'configs/*/*.py': {'default_hooks'},
}


def canonical(value):
    """A JSON-able form that keeps what JSON would blur: tuples stay distinct from lists."""
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, tuple):
        return {'__tuple__': [canonical(v) for v in value]}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {'__repr__': repr(value)}


# the default hooks every config keeps on (docs/bad_input.md)
FAULT_HOOKS = {'divergence': 'DivergenceHook', 'random_state': 'RandomStateHook',
               'skipped_images': 'SkippedImagesHook'}


@pytest.fixture(scope='module')
def resolved():
    """{leaf: its resolved config as a dict}, read once, with CONFIG_ENV unset."""
    saved = {name: os.environ.pop(name) for name in CONFIG_ENV if name in os.environ}
    try:
        return {path: Config.fromfile(osp.join(REPO, path)).to_dict() for path in LEAVES}
    finally:
        os.environ.update(saved)


def entry_digests(cfg: dict) -> dict:
    """{top-level entry: sha1 of its canonical JSON} of a resolved config."""
    return {key: hashlib.sha1(json.dumps(canonical(value), sort_keys=True).encode())
            .hexdigest()[:16] for key, value in sorted(cfg.items())}


@pytest.fixture(scope='module')
def snapshot():
    if not osp.isfile(SNAPSHOT):
        return {}  # written by MMFER_UPDATE_CONFIG_SNAPSHOT=1; the coverage test fails meanwhile
    with open(SNAPSHOT) as f:
        return json.load(f)


def test_the_snapshot_covers_every_leaf(snapshot):
    assert sorted(snapshot) == LEAVES, (
        'configs added or removed: update tests/data/resolved_configs.json '
        '(MMFER_UPDATE_CONFIG_SNAPSHOT=1)')


def test_every_leaf_resolves_as_before(snapshot, resolved):
    current = {path: entry_digests(cfg) for path, cfg in resolved.items()}
    if os.environ.get('MMFER_UPDATE_CONFIG_SNAPSHOT') == '1':
        with open(SNAPSHOT, 'w') as f:
            json.dump(current, f, indent=1, sort_keys=True)
            f.write('\n')
        pytest.skip(f'snapshot rewritten: {SNAPSHOT}')
    changed = {path: sorted(k for k in digests.keys() | snapshot.get(path, {}).keys()
                            if digests.get(k) != snapshot.get(path, {}).get(k))
               for path, digests in current.items()}
    changed = {path: keys for path, keys in changed.items() if keys}
    intended = {path: sorted(set().union(*(keys for pattern, keys in INTENDED.items()
                                           if fnmatch.fnmatch(path, pattern))))
                for path in current}
    intended = {path: keys for path, keys in intended.items() if keys}
    assert changed == intended, (
        f'configs that resolve differently (entries): '
        f'{ {p: k for p, k in changed.items() if intended.get(p) != k} }; '
        f'intended but not found: { {p: k for p, k in intended.items() if p not in changed} }')


def test_every_leaf_keeps_the_hooks_of_long_runs_on(resolved):
    for path, cfg in resolved.items():
        hooks = cfg.get('default_hooks', {})
        assert {k: hooks.get(k, {}).get('type') for k in FAULT_HOOKS} == FAULT_HOOKS, path
