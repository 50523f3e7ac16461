"""docs/bad_input.md: every row names a test that exists."""
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
