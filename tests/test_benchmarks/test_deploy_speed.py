"""benchmarks/deploy_speed.py: every model of a size in every runtime, beside its compute floor
and its DEIM baseline, written where the docs read it."""
import json

import pytest

from benchmarks.deploy_speed import main as deploy_speed_main


def test_every_model_in_every_runtime_with_floor_and_ratios(tmp_path, capsys):
    out = tmp_path / 'deploy.json'
    assert deploy_speed_main(['--sizes', 'n', '--models', 'Natten-DEIM-N', '--shape', '320',
                              '--threads', '1', '--rounds', '1', '--warmup', '0', '--repeats',
                              '2', '--free-attention', '--out', str(out)]) == 0
    results = json.load(open(out))
    rows = {(r['model'], r['runtime']): r for r in results['rows']}
    free = 'Natten-DEIM-N, attention free'
    assert set(rows) == {(m, r) for m in ('DEIM-N', 'Natten-DEIM-N', free)
                         for r in ('torch', 'onnxruntime', 'openvino')}
    # the bound keeps every weight and drops only the attention's own products
    natten = rows[('Natten-DEIM-N', 'openvino')]
    assert rows[(free, 'openvino')]['params_m'] == natten['params_m']
    assert rows[(free, 'openvino')]['gflops'] < natten['gflops']
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


def fake_run(path, rate, deim_ms, natten_ms, models=('DEIM-N', 'Natten-DEIM-N')):
    rows = [dict(model=m, runtime='openvino', params_m=1.0, gflops=g, floor_ms=0.0,
                 min_ms=ms - 1, median_ms=ms, repeat_medians_ms=[ms], images_per_s=0.0,
                 floor_ratio=0.0, vs='DEIM-N', deim_ratio=0.0, gflops_ratio=g / 4.0)
            for m, g, ms in zip(models, (4.0, 8.0), (deim_ms, natten_ms))]
    path.write_text(json.dumps(dict(shape=640, threads=2, gemm_gflops_per_s=rate, rows=rows)))
    return str(path)


def test_separate_runs_combine_into_medians_with_ratios_recomputed(tmp_path, capsys):
    runs = [fake_run(tmp_path / f'{i}.json', rate, deim, natten) for i, (rate, deim, natten)
            in enumerate([(100.0, 60.0, 150.0), (80.0, 70.0, 130.0), (90.0, 50.0, 140.0)])]
    out = tmp_path / 'combined.json'
    assert deploy_speed_main(['--combine', *runs, '--out', str(out)]) == 0
    results = json.load(open(out))
    assert results['runs'] == 3 and results['gemm_gflops_per_s'] == 90.0
    rows = {r['model']: r for r in results['rows']}
    natten = rows['Natten-DEIM-N']
    assert natten['run_medians_ms'] == [150.0, 130.0, 140.0] and natten['median_ms'] == 140.0
    assert natten['min_ms'] == 129.0
    assert natten['floor_ms'] == pytest.approx(8.0 / 90.0 * 1000, abs=0.1)
    assert natten['floor_ratio'] == pytest.approx(140.0 / (8.0 / 90.0 * 1000), abs=0.01)
    assert natten['deim_ratio'] == pytest.approx(140.0 / 60.0, abs=0.01)
    assert '| Natten-DEIM-N | openvino |' in capsys.readouterr().out


def test_runs_of_other_models_are_not_combined(tmp_path):
    a = fake_run(tmp_path / 'a.json', 90.0, 60.0, 140.0)
    b = fake_run(tmp_path / 'b.json', 90.0, 60.0, 140.0, models=('DEIM-N', 'Natten-DEIM-N-lite'))
    with pytest.raises(ValueError, match='b.json: other models or runtimes'):
        deploy_speed_main(['--combine', a, b, '--out', str(tmp_path / 'c.json')])
