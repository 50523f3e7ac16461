"""tools/analysis_tools/benchmark.py: the figures it writes, every runtime, bad input."""
import json

import pytest
import torch

from tests.conftest import REPO, cli
from tools.analysis_tools.benchmark import main as benchmark_tool

benchmark_main = cli('benchmark', benchmark_tool)

CONFIG = f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py'


@pytest.mark.parametrize('runtime', ['torch', 'onnxruntime', 'openvino'])
def test_writes_latency_throughput_size_and_flops(runtime, tmp_path, capsys):
    out = tmp_path / 'result.json'
    assert benchmark_main([CONFIG, '--shape', '160', '--runs', '2', '--warmup', '1',
                           '--threads', '1', '--runtime', runtime, '--out', str(out)]) == 0
    result = json.loads(out.read_text())
    assert result['runtime'] == runtime and result['runs'] == 2
    assert 0 < result['min_ms'] <= result['median_ms']
    assert result['images_per_s'] == pytest.approx(1000 / result['median_ms'])
    assert 3.0 < result['params_m'] < 4.5  # DEIM-N with 7 classes: 3.7 M
    assert result['gflops'] > 0
    assert 'images/s' in capsys.readouterr().out


def test_the_model_is_timed_deployed_unless_asked_not_to(tmp_path):
    params = {}
    for flags in ([], ['--no-deploy']):
        out = tmp_path / f'result{len(flags)}.json'
        assert benchmark_main([CONFIG, '--shape', '160', '--runs', '1', '--warmup', '0',
                               '--threads', '1', '--out', str(out), *flags]) == 0
        params[tuple(flags)] = json.loads(out.read_text())['params_m']
    # the RepVGG blocks fused and the BatchNorms folded: DEIM's deploy model has 3.73 M
    assert params[()] == pytest.approx(3.7191, abs=1e-3)
    assert params[('--no-deploy',)] == pytest.approx(3.7356, abs=1e-3)


def test_bad_input(tmp_path, capsys):
    assert benchmark_main([str(tmp_path / 'nope.py')]) == 2
    assert 'nope.py: no such file' in capsys.readouterr().err
    (tmp_path / 'r.json').write_text('{}')
    assert benchmark_main([CONFIG, '--out', str(tmp_path / 'r.json')]) == 2
    assert 'already exists' in capsys.readouterr().err
    retina = f'{REPO}/configs/retinanet/retinanet_r18_fpn_12e_synth.py'
    threads = torch.get_num_threads()
    assert benchmark_main([retina, '--shape', '64', '--threads', str(threads + 1)]) == 2
    assert 'only DEIM-style detectors' in capsys.readouterr().err
    # the process's own thread count is back: a test (or training) after it is not slowed
    assert torch.get_num_threads() == threads


def test_the_network_alone_of_any_detector(tmp_path):
    """--network times backbone + neck + head of a stock MMDetection detector too (Table 1's
    cost columns), on the config's own classes."""
    out = tmp_path / 'cost.json'
    retina = f'{REPO}/configs/retinanet/retinanet_r50_fpn_3e_synth.py'
    assert benchmark_main([retina, '--network', '--shape', '96', '--runs', '1', '--warmup', '0',
                           '--threads', '1', '--out', str(out)]) == 0
    result = json.loads(out.read_text())
    assert result['network_only'] and result['shape'] == 96 and result['min_ms'] > 0
    assert 36.0 < result['params_m'] < 37.0  # RetinaNet R-50 FPN with 7 classes: 36.45 M
