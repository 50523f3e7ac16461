"""SlicedMaxPool2d computes nn.MaxPool2d's stride-1 pooling exactly, for any input size."""
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from mmfer.models.layers import SlicedMaxPool2d


@pytest.mark.parametrize('kernel,padding,ceil_mode', [
    (2, 0, True),          # HGNetV2's stem
    (5, 2, False),         # YOLO's SPPF
    ((3, 5), (1, 0), False),
    (1, 0, False),
])
def test_equals_max_pooling(kernel, padding, ceil_mode):
    pool = nn.MaxPool2d(kernel, stride=1, padding=padding, ceil_mode=ceil_mode)
    sliced = SlicedMaxPool2d.from_max_pool(pool)
    for size in ((9, 9), (7, 12)):
        x = torch.randn(2, 3, *size)
        x[0, 0, :2, :2] = 0.0  # ties
        assert torch.equal(sliced(x), pool(x))


def test_negative_maps_are_not_clipped_by_the_padding():
    x = -torch.rand(1, 2, 6, 6) - 1
    assert torch.equal(SlicedMaxPool2d(3, 1)(x), F.max_pool2d(x, 3, 1, 1))


@pytest.mark.parametrize('pool', [nn.MaxPool2d(3, stride=2), nn.MaxPool2d(3, 1, dilation=2),
                                  nn.MaxPool2d(2, 1, return_indices=True), nn.AvgPool2d(2, 1)],
                         ids=['stride 2', 'dilated', 'indices', 'average'])
def test_other_poolings_are_refused(pool):
    assert not SlicedMaxPool2d.replaces(pool)
    with pytest.raises(ValueError, match='not a stride-1, undilated max pooling'):
        SlicedMaxPool2d.from_max_pool(pool)


@pytest.mark.parametrize('kernel, padding', [(2, 0), (3, 1)])
def test_an_onnx_export_is_one_max_pool_node_for_any_input_size(tmp_path, kernel, padding):
    ort = pytest.importorskip('onnxruntime')
    onnx = pytest.importorskip('onnx')
    path = str(tmp_path / 'pool.onnx')
    torch.onnx.export(SlicedMaxPool2d(kernel, padding), torch.randn(1, 3, 8, 8), path,
                      dynamo=False, input_names=['x'], dynamic_axes={'x': {2: 'h', 3: 'w'}})
    assert [node.op_type for node in onnx.load(path).graph.node] == ['MaxPool']
    x = torch.randn(1, 3, 11, 6)
    out = ort.InferenceSession(path).run(None, {'x': x.numpy()})[0]
    assert torch.equal(torch.from_numpy(out), F.max_pool2d(x, kernel, 1, padding))
