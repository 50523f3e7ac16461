"""tools/deployment/export_onnx.py: both detectors exported with post-processing, onnxruntime
agrees with PyTorch, and the graph's outputs are what its docstring says."""
import numpy as np
import onnxruntime as ort
import pytest

from tests.conftest import MAIN_CONFIG, REPO, cli, randomized_checkpoint
from tools.deployment.export_onnx import main as export_tool

export_main = cli('export_onnx', export_tool)

CONFIGS = dict(natten_deim=MAIN_CONFIG,
               deim=f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py')


@pytest.mark.parametrize('model', sorted(CONFIGS))
def test_export_matches_pytorch_and_outputs_pixel_boxes(model, tmp_path, capsys):
    checkpoint = randomized_checkpoint(CONFIGS[model], tmp_path / 'model.pth')
    out = str(tmp_path / 'model.onnx')
    assert export_main([CONFIGS[model], checkpoint, '--out', out, '--max-per-img', '20']) == 0
    printed = capsys.readouterr().out
    assert 'input 1x3x160x160' in printed and 'max abs diff boxes' in printed
    session = ort.InferenceSession(out, providers=['CPUExecutionProvider'])
    image = np.random.default_rng(0).uniform(0, 255, (1, 3, 160, 160)).astype(np.float32)
    boxes, scores, labels, queries, class_scores = session.run(None, {'image': image})
    assert boxes.shape == (1, 20, 4) and scores.shape == labels.shape == queries.shape == (1, 20)
    assert class_scores.shape == (1, 20, 7) and labels.dtype == np.int64
    assert (np.diff(scores[0]) <= 0).all() and ((scores >= 0) & (scores <= 1)).all()
    # each detection's score is its class's entry of its query's class scores
    assert np.allclose(np.take_along_axis(class_scores[0], labels[0][:, None], 1)[:, 0],
                       scores[0])
    assert boxes.max() > 1.5  # pixels, not normalised coordinates


def test_the_deployed_graph_has_the_repvgg_branches_fused(tmp_path):
    """DEIM-N's CCFF blocks run one 3x3 convolution each once deployed (the default), two
    branches with --no-deploy; both graphs pass the onnxruntime check."""
    import onnx
    config = CONFIGS['deim']
    checkpoint = randomized_checkpoint(config, tmp_path / 'model.pth')
    convs = {}
    for flags in ([], ['--no-deploy']):
        out = str(tmp_path / f'model{len(flags)}.onnx')
        assert export_main([config, checkpoint, '--out', out, '--check-images', '1',
                            *flags]) == 0
        convs[tuple(flags)] = sum(n.op_type == 'Conv' for n in onnx.load(out).graph.node)
    assert convs[()] < convs[('--no-deploy',)]


def test_bad_inputs(tmp_path, capsys):
    config = CONFIGS['deim']
    assert export_main([config, str(tmp_path / 'missing.pth'), '--out',
                        str(tmp_path / 'a.onnx')]) == 2
    assert 'missing.pth: no such file' in capsys.readouterr().err
    other = randomized_checkpoint(CONFIGS['natten_deim'], tmp_path / 'natten.pth')
    assert export_main([config, other, '--out', str(tmp_path / 'a.onnx')]) == 2
    err = capsys.readouterr().err
    assert 'natten.pth does not fit the model of' in err and 'unexpected keys' in err
    assert err.count('\n') == 1  # one line, not a traceback
    (tmp_path / 'taken.onnx').write_bytes(b'keep')
    assert export_main([config, other, '--out', str(tmp_path / 'taken.onnx')]) == 2
    assert 'already exists; pass --force' in capsys.readouterr().err
    assert (tmp_path / 'taken.onnx').read_bytes() == b'keep'
