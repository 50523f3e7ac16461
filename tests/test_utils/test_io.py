"""mmfer.utils.io: atomic writes that refuse to overwrite unless forced and leave the file
with the permissions an ordinary write gives it."""
import os
import stat

import pytest

from mmfer.utils.io import dump_json_atomic


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_umask_permissions_not_the_temporary_files(tmp_path):
    old = os.umask(0o022)
    try:
        dump_json_atomic({'a': 1}, str(tmp_path / 'new.json'))
        os.umask(0o027)
        dump_json_atomic({'a': 1}, str(tmp_path / 'group.json'))
    finally:
        os.umask(old)
    assert mode(tmp_path / 'new.json') == 0o644
    assert mode(tmp_path / 'group.json') == 0o640
    assert sorted(os.listdir(tmp_path)) == ['group.json', 'new.json']  # no temporary file left


def test_a_replaced_file_keeps_its_permissions_and_is_only_replaced_when_forced(tmp_path):
    path = tmp_path / 'out.json'
    path.write_text('{"user": "data"}')
    os.chmod(path, 0o604)
    with pytest.raises(FileExistsError, match='out.json already exists'):
        dump_json_atomic({'a': 1}, str(path))
    assert path.read_text() == '{"user": "data"}'
    dump_json_atomic({'a': 1}, str(path), force=True)
    assert path.read_text() == '{"a": 1}' and mode(path) == 0o604
