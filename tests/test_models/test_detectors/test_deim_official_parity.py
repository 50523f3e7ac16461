"""mmfer's DEIM-N/S/M and D-FINE-N/S compute what DEIM's own code computes, at 640 px.

Needs DEIM's code (``bash benchmarks/official_deim_checkout.sh DIR``; DIR in
``MMFER_OFFICIAL_DEIM``, default ``$TMPDIR/official_deim``); skipped where it is absent. The
weights are DEIM's own models with every weight set at random (see
``official_deim_reference.py``); at 640 px the finest level's border anchors are invalid, the
case the trained 160 px reference does not reach.
"""
import os
import os.path as osp
import subprocess
import sys
import tempfile

import pytest
import torch
from mmdet.structures import DetDataSample
from mmengine.config import Config

from mmfer.models.utils.deim_conversion import convert_deim_state_dict, fit_to_model
from mmfer.registry import MODELS
from tests.conftest import REPO
from tests.test_models.test_detectors.test_deim_parity import match_queries

OFFICIAL = os.environ.get('MMFER_OFFICIAL_DEIM',
                          osp.join(tempfile.gettempdir(), 'official_deim'))
HERE = osp.dirname(osp.abspath(__file__))
CASES = [('deim', 'n'), ('deim', 's'), ('deim', 'm'), ('dfine', 'n'), ('dfine', 's')]

pytestmark = pytest.mark.slow


def official_outputs(kind, size, tmp_path):
    if not osp.isfile(osp.join(OFFICIAL, 'engine', 'deim', 'dfine_decoder.py')):
        pytest.skip(f"DEIM's code is not at {OFFICIAL} (make it with "
                    'benchmarks/official_deim_checkout.sh, or set MMFER_OFFICIAL_DEIM)')
    out = tmp_path / 'reference.pth'
    env = dict(os.environ, PYTHONPATH=f'{OFFICIAL}:{OFFICIAL}/.extra')
    subprocess.run([sys.executable, osp.join(HERE, 'official_deim_reference.py'),
                    f'configs/deim_dfine/{kind}_hgnetv2_{size}_coco.yml', '640', str(out)],
                   cwd=OFFICIAL, env=env, check=True, capture_output=True)
    return torch.load(out, weights_only=False)


@pytest.mark.parametrize('kind, size', CASES, ids=[f'{k}-{s}' for k, s in CASES])
def test_converted_model_matches_the_official_one(kind, size, tmp_path):
    ref = official_outputs(kind, size, tmp_path)
    cfg = Config.fromfile(f'{REPO}/configs/{kind}/{kind}_hgnetv2-{size}_72e_coco.py')
    model = MODELS.build(cfg.model).eval()
    converted = convert_deim_state_dict(ref['state_dict'], num_classes=80)
    model.load_state_dict(fit_to_model(converted['state'], model.state_dict())['state'],
                          strict=True)
    with torch.no_grad():
        final = model.bbox_head(model.extract_feat(ref['image'])).decoder
        sample = DetDataSample(metainfo=dict(img_shape=(640, 640), ori_shape=(640, 640),
                                             scale_factor=(1.0, 1.0),
                                             batch_input_shape=(640, 640)))
        pred = model.predict(ref['image'], [sample])[0].pred_instances
    boxes, logits = final.boxes[-1][0], final.logits[-1][0]
    order = match_queries(boxes, logits, ref['pred_boxes'][0], ref['pred_logits'][0])
    assert (boxes[order] - ref['pred_boxes'][0]).abs().max() <= 1e-4
    assert (logits[order] - ref['pred_logits'][0]).abs().max() <= 1e-4
    assert (pred.scores - ref['post']['scores']).abs().max() <= 1e-5
    assert torch.equal(pred.labels.sort().values, ref['post']['labels'].sort().values)
