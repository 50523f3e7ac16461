"""The docs: every row of docs/bad_input.md names a test that exists; the README stays short
and no relative link in the README, docs/ or the model zoo is broken."""
import glob
import os.path as osp
import re

from tests.conftest import REPO


def test_every_row_of_the_bad_input_table_names_an_existing_test():
    text = open(osp.join(REPO, 'docs/bad_input.md'), encoding='utf-8').read()
    rows = [line for line in text.splitlines() if re.match(r'\| \d+ \|', line)]
    assert [int(r.split('|')[1]) for r in rows] == list(range(1, len(rows) + 1))
    assert f'{len(rows)} rows' in text
    for row in rows:
        references = re.findall(r'`(test_[\w/]+\.py)::(test_\w+)`', row.split('|')[-2])
        assert references, row
        for path, name in references:
            source = open(osp.join(REPO, 'tests', path), encoding='utf-8').read()
            assert re.search(rf'^def {name}\(', source, re.M), (path, name)


def markdown_files():
    return ([osp.join(REPO, 'README.md')] + sorted(glob.glob(osp.join(REPO, 'docs', '*.md')))
            + sorted(glob.glob(osp.join(REPO, 'configs', '*', 'README.md'))))


def test_the_readme_is_short_and_every_relative_link_resolves():
    assert len(open(osp.join(REPO, 'README.md'), encoding='utf-8').read().splitlines()) <= 250
    broken = []
    for path in markdown_files():
        text = open(path, encoding='utf-8').read()
        for target in re.findall(r'\]\(([^)\s]+)\)', text):
            if '://' in target or target.startswith('#'):
                continue
            if not osp.exists(osp.join(osp.dirname(path), target.split('#')[0])):
                broken.append(f'{osp.relpath(path, REPO)}: {target}')
    assert not broken
