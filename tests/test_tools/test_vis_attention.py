"""tools/analysis_tools/vis_attention.py: panels of the image's size and aspect, one row per
model, maps that depend on the image."""
import cv2
import numpy as np
import pytest

from mmfer.apis.model_loading import load_detector
from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from mmfer.visualization.attention_maps import attention_maps
from tests.conftest import MAIN_CONFIG, REPO, cli, randomized_checkpoint
from tools.analysis_tools.vis_attention import main as vis_tool

vis_main = cli('vis_attention', vis_tool)

NATTEN = MAIN_CONFIG
DEIM = f'{REPO}/configs/deim/deim_hgnetv2-n_8e_synth.py'


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    folder = tmp_path_factory.mktemp('vis')
    return (randomized_checkpoint(NATTEN, folder / 'natten.pth'),
            randomized_checkpoint(DEIM, folder / 'deim.pth'))


def test_maps_depend_on_the_image_and_natten_deim_shows_its_gates(checkpoints):
    model, _ = load_detector(NATTEN, checkpoints[0])
    image = make_synthetic_image(SyntheticConfig(), 'test', 0)[0][:, :, ::-1].copy()
    maps = attention_maps(model, image, 160)
    assert [g.shape for g in maps['gates']] == [(20, 20), (10, 10), (5, 5)]
    for heat in [*maps['gates'], maps['energy']]:
        assert np.isfinite(heat).all() and heat.std() > 0  # not a constant map
    assert np.isfinite(maps['gradcam']).all() and maps['gradcam'].shape == (20, 20)
    other = attention_maps(model, image[::-1].copy(), 160)
    assert not np.allclose(other['energy'], maps['energy'])
    baseline, _ = load_detector(DEIM, checkpoints[1])
    assert attention_maps(baseline, image, 160)['gates'] == []  # no landmark prior


def test_figure_rows_and_panels(checkpoints, tmp_path, capsys):
    image = cv2.resize(make_synthetic_image(SyntheticConfig(), 'test', 1)[0][:, :, ::-1],
                       (200, 120))  # not square: each panel keeps this aspect
    cv2.imwrite(str(tmp_path / 'face.png'), image)
    out = tmp_path / 'heat.png'
    assert vis_main([NATTEN, checkpoints[0], str(tmp_path / 'face.png'), '--out', str(out),
                     '--compare', DEIM, checkpoints[1]]) == 0
    figure = cv2.imread(str(out))
    bar = 18
    # a header naming the model, then Natten-DEIM: image, 3 gates, energy, Grad-CAM; the
    # baseline's row is padded
    row = 120 + 2 * bar
    assert figure.shape == (2 * row, 6 * 200, 3)
    assert (figure[row + bar:, 3 * 200:] == 255).all()
    headers = [figure[:bar], figure[row:row + bar]]
    assert all((h[:, :3] == 255).all() and (h < 128).any() for h in headers)  # text in each
    assert not np.array_equal(*headers)  # each row names its own model
    assert vis_main([NATTEN, checkpoints[0], str(tmp_path / 'face.png'), '--out',
                     str(out)]) == 2
    assert 'already exists' in capsys.readouterr().err
    assert vis_main([NATTEN, checkpoints[0], str(tmp_path / 'none.png'), '--out',
                     str(tmp_path / 'x.png')]) == 2
    assert 'none.png: not a readable image' in capsys.readouterr().err
