"""benchmarks/model_parts_time.py: each part's time within one forward pass."""
import json

from benchmarks.model_parts_time import main as parts_main
from tests.conftest import REPO


def test_parts_add_up_within_the_whole(tmp_path, capsys):
    out = tmp_path / 'parts.json'
    config = f'{REPO}/configs/_base_/models/natten_deim_n_lite.py'
    assert parts_main([config, '--shape', '160', '--threads', '1', '--runs', '1', '--warmup',
                       '1', '--depth', '0', '--out', str(out)]) == 0
    result = json.load(open(out))['configs'][config]
    parts = result['parts_ms']
    assert {'backbone', 'neck', 'bbox_head'} <= set(parts)
    # the three top-level parts are the whole forward pass, up to the hooks' own cost
    assert 0.8 * result['total_ms'] <= sum(parts.values()) <= 1.01 * result['total_ms']
    assert '| neck |' in capsys.readouterr().out
