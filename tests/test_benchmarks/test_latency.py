"""benchmarks/latency.py: every model of a size timed in interleaved rounds, deployed, with its
time and FLOP ratios to our DEIM of that size (ours to DEIM's own model with --official)."""
import json

import pytest

from benchmarks.latency import main as latency_main
from mmfer.benchmark import gemm_call, gemm_rate
from mmfer.benchmark.official_deim import build_official


def test_latency_table_has_every_model_and_its_ratio(tmp_path, capsys):
    out = tmp_path / 'latency.json'
    assert latency_main(['--sizes', 'n', '--shape', '320', '--rounds', '2', '--warmup', '1',
                         '--threads', '1', '--out', str(out)]) == 0
    results = json.load(open(out))
    rows = {r['model']: r for r in results['rows']}
    assert set(rows) == {'DEIM-N', 'Natten-DEIM-N', 'Natten-DEIM-N-lite'}
    assert results['deployed'] and not results['official']
    assert rows['DEIM-N']['ratio'] is None  # no official model to compare with
    assert rows['DEIM-N']['gflops_ratio'] is None and results['gemm_gflops_per_s'] > 0
    # DEIM-N has 3.64 GFLOPs at 640 px (mmengine's count); at 320 px the maps' share is a
    # quarter of theirs, the decoder's 300 queries cost the same
    assert 3.64 / 4 < rows['DEIM-N']['gflops'] < 3.64 / 2
    for name in ('Natten-DEIM-N', 'Natten-DEIM-N-lite'):
        r = rows[name]
        assert 0 < r['min_ms'] <= r['median_ms'] and r['params_m'] > 1
        assert r['vs'] == 'DEIM-N'
        assert abs(r['ratio'] - r['min_ms'] / rows['DEIM-N']['min_ms']) < 0.01
        assert abs(r['median_ratio'] - r['median_ms'] / rows['DEIM-N']['median_ms']) < 0.01
        assert abs(r['gflops_ratio'] - r['gflops'] / rows['DEIM-N']['gflops']) < 0.01
    assert rows['Natten-DEIM-N']['gflops_ratio'] > 1.5  # its stride-8 neck: 1.9x at 640 px
    assert rows['DEIM-N']['params_m'] == 3.72  # deployed: DEIM's deploy model has 3.73 M
    assert '| Natten-DEIM-N-lite |' in capsys.readouterr().out


def test_official_models_are_built_each_from_its_own_config(fake_checkout):
    first = build_official(fake_checkout, 'n')
    second = build_official(fake_checkout, 's', deploy=False)
    assert first.deployed and not second.deployed and not second.training
    assert second.conv.out_channels == 8
    assert not hasattr(second, 'extra')  # DEIM-N's keys do not leak into DEIM-S


def test_a_folder_that_is_not_a_deim_checkout_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match='deim_hgnetv2_n_coco.yml.*DEIM checkout'):
        build_official(str(tmp_path), 'n')


def test_the_matrix_product_rate_is_multiply_adds_over_the_best_time():
    product = gemm_call(size=8)
    assert product().shape == (8, 8)
    assert gemm_rate(10.0, size=100) == pytest.approx(100 ** 3 / 0.010 / 1e9)
