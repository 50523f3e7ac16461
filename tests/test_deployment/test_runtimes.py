"""The exported graph in each deploy runtime (onnxruntime, OpenVINO): the detections of
PyTorch within the export check's tolerance, and clear errors for a wrong input or runtime."""
import numpy as np
import pytest

from mmfer.apis.model_loading import load_detector
from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from mmfer.deployment import RUNTIMES, DeployedGraph, compare_with_runtime, export_onnx
from tests.conftest import MAIN_CONFIG, REPO, randomized_checkpoint

CONFIGS = dict(natten_deim=MAIN_CONFIG, deim=f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py')
TOLERANCE = 1e-3  # tools/deployment/export_onnx.py's


@pytest.fixture(scope='module', params=sorted(CONFIGS))
def exported(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    model, _ = load_detector(CONFIGS[request.param],
                             randomized_checkpoint(CONFIGS[request.param], folder / 'm.pth'))
    path = str(folder / 'model.onnx')
    return export_onnx(model, path, 160, max_per_img=30), path


@pytest.mark.parametrize('runtime', RUNTIMES)
def test_each_runtime_gives_pytorchs_detections(exported, runtime):
    wrapper, path = exported
    images = [make_synthetic_image(SyntheticConfig(), 'test', i)[0][:, :, ::-1]
              for i in range(2)]
    diff = compare_with_runtime(wrapper, path, images, runtime)
    assert diff['detections'] == 2 * 30
    assert max(diff['boxes'], diff['scores'], diff['class_scores']) < TOLERANCE, diff
    assert diff['unmatched'] <= 0.1 * diff['detections']


def test_a_wrong_input_or_runtime_is_refused(exported):
    _, path = exported
    graph = DeployedGraph(path, 'openvino', threads=1)
    assert graph(np.zeros((1, 3, 160, 160), np.float32))['labels'].dtype == np.int64
    with pytest.raises(ValueError, match=r'takes \(1, 3, 160, 160\) images, got \(1, 3, 96, 96\)'):
        graph(np.zeros((1, 3, 96, 96), np.float32))
    with pytest.raises(ValueError, match="runtime must be one of"):
        DeployedGraph(path, 'tensorrt')
