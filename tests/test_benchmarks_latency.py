"""benchmarks/latency.py: every model of a size timed in interleaved rounds, with its ratio to
the DEIM model of that size."""
import json

from benchmarks.latency import main as latency_main


def test_latency_table_has_every_model_and_its_ratio(tmp_path, capsys):
    out = tmp_path / 'latency.json'
    assert latency_main(['--sizes', 'n', '--shape', '320', '--rounds', '2', '--warmup', '1',
                         '--threads', '1', '--out', str(out)]) == 0
    rows = {r['model']: r for r in json.load(open(out))['rows']}
    assert set(rows) == {'DEIM-N', 'Natten-DEIM-N', 'Natten-DEIM-N-lite'}
    assert rows['DEIM-N']['ratio'] == 1.0
    for r in rows.values():
        assert 0 < r['min_ms'] <= r['median_ms'] and r['params_m'] > 1
        assert abs(r['ratio'] - r['min_ms'] / rows['DEIM-N']['min_ms']) < 0.01
    assert '| Natten-DEIM-N-lite |' in capsys.readouterr().out
