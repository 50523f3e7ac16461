"""benchmarks/deploy_speed.py: every model of a size in every runtime, beside its compute floor
and its DEIM baseline, written where the docs read it."""
import json

import pytest

from benchmarks.deploy_speed import main as deploy_speed_main


def test_every_model_in_every_runtime_with_floor_and_ratios(tmp_path, capsys):
    out = tmp_path / 'deploy.json'
    assert deploy_speed_main(['--sizes', 'n', '--models', 'Natten-DEIM-N', '--shape', '320',
                              '--threads', '1', '--rounds', '1', '--warmup', '0', '--repeats',
                              '2', '--out', str(out)]) == 0
    results = json.load(open(out))
    rows = {(r['model'], r['runtime']): r for r in results['rows']}
    assert set(rows) == {(m, r) for m in ('DEIM-N', 'Natten-DEIM-N')
                         for r in ('torch', 'onnxruntime', 'openvino')}
    assert results['gemm_gflops_per_s'] > 0 and set(results['versions']) == {
        'torch', 'onnxruntime', 'openvino'}
    for (_, runtime), r in rows.items():
        assert len(r['repeat_medians_ms']) == 2 and 0 < r['min_ms'] <= r['median_ms']
        assert r['floor_ms'] == pytest.approx(
            r['gflops'] / results['gemm_gflops_per_s'] * 1000, rel=0.01, abs=0.1)
        assert r['floor_ratio'] == pytest.approx(r['median_ms'] / r['floor_ms'], rel=0.02)
        base = rows[('DEIM-N', runtime)]
        assert r['vs'] == 'DEIM-N'
        assert r['deim_ratio'] == pytest.approx(r['median_ms'] / base['median_ms'], rel=0.02)
        assert r['gflops_ratio'] == pytest.approx(r['gflops'] / base['gflops'], rel=0.02)
    # the same model counts the same FLOPs in every runtime
    assert len({rows[('Natten-DEIM-N', r)]['gflops'] for r in ('torch', 'openvino')}) == 1
    assert '| Natten-DEIM-N | openvino |' in capsys.readouterr().out
