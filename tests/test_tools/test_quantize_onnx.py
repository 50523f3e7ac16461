"""tools/deployment/quantize_onnx.py: an INT8 graph calibrated on the config's training images,
run by both deploy runtimes and by FERInferencer; the float32 parts asked for kept; its
evaluation the same as tools/test.py's for the float32 graph; bad input refused."""
import json

import numpy as np
import onnx
import pytest

from mmfer.apis import FERInferencer
from mmfer.apis.model_loading import load_detector
from mmfer.deployment import DeployedGraph, evaluate_graph, export_onnx
from tests.conftest import MAIN_CONFIG, cli
from tests.test_tools.runs import data_options
from tools.deployment.quantize_onnx import main as quantize_main
from tools.test import main as tools_test_main
from tools.train import build_config, parse_args

quantize = cli('quantize_onnx', quantize_main)


@pytest.fixture(scope='module')
def tiny_config(tmp_path_factory, tiny_synthetic_root):
    """The main job's config on the tiny synthetic set, as a file."""
    path = tmp_path_factory.mktemp('config') / 'main_tiny.py'
    build_config(parse_args([MAIN_CONFIG, '--cfg-options',
                             *data_options(tiny_synthetic_root, 1, wrapped_train_set=True),
                             'model.backbone.ebb_pretrained=None',
                             'model.backbone.lpb_checkpoint=None'])).dump(str(path))
    return str(path)


def int8_weights(path):
    """{node: whether its weight (second input) is int8} of the products and convolutions."""
    graph = onnx.load(path).graph
    dequantized = {n.output[0] for n in graph.node if n.op_type == 'DequantizeLinear'}
    return {n.name: n.input[1] in dequantized for n in graph.node
            if n.op_type in ('Conv', 'MatMul', 'Gemm')}


def test_an_int8_graph_that_both_runtimes_and_the_inferencer_run(tiny_config,
                                                                   main_job_checkpoint,
                                                                   tmp_path, capsys):
    out = tmp_path / 'int8.onnx'
    assert quantize([tiny_config, main_job_checkpoint, '--out', str(out),
                     '--calib-images', '4', '--keep-fp32', 'decoder']) == 0
    assert 'calibrated on 4 training images, minmax' in capsys.readouterr().out
    weights = int8_weights(str(out))
    assert all(q for name, q in weights.items() if 'decoder' not in name)
    # kept in float32, but for the one weight the decoder shares with the encoder's box head
    assert sum(q for name, q in weights.items() if 'decoder' in name) <= 1
    image = np.random.default_rng(0).uniform(0, 255, (1, 3, 160, 160)).astype(np.float32)
    for runtime in ('onnxruntime', 'openvino'):
        assert DeployedGraph(str(out), runtime)(image)['boxes'].shape == (1, 100, 4)
    faces = FERInferencer(tiny_config, backend='openvino', graph=str(out))(
        image[0].transpose(1, 2, 0).astype(np.uint8), pred_score_thr=0.0,
        max_faces=3)['predictions'][0]
    assert len(faces) == 3 and faces[0]['expression']
    # refused: an existing output, no calibration image, a graph without a runtime
    assert quantize([tiny_config, main_job_checkpoint, '--out', str(out)]) == 2
    assert 'already exists; pass --force' in capsys.readouterr().err
    assert quantize([tiny_config, main_job_checkpoint, '--out', str(tmp_path / 'b.onnx'),
                     '--calib-images', '0']) == 2
    assert '--calib-images must be at least 1' in capsys.readouterr().err
    with pytest.raises(ValueError, match='give backend'):
        FERInferencer(tiny_config, graph=str(out))


def test_the_graphs_evaluation_is_tools_tests(tiny_config, main_job_checkpoint, tmp_path):
    model, cfg = load_detector(tiny_config, main_job_checkpoint)
    export_onnx(model, str(tmp_path / 'fp32.onnx'), 160)
    ours = evaluate_graph(DeployedGraph(str(tmp_path / 'fp32.onnx')), cfg)
    assert tools_test_main([tiny_config, main_job_checkpoint,
                            '--work-dir', str(tmp_path / 'test')]) == 0
    (path,) = (tmp_path / 'test').glob('*/*.json')
    theirs = json.loads(path.read_text())
    for key in ('coco/bbox_mAP_50', 'coco/AP50_Happiness', 'voc/mAP50', 'expr/accuracy'):
        assert ours[key] == pytest.approx(theirs[key], abs=2e-3), key
