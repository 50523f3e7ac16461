"""FERInferencer: per face, sorted, filtered, with every class's score; configs by name."""
import numpy as np
import pytest
import torch

from mmfer.apis import FERInferencer, find_config
from mmfer.datasets.synthetic import SyntheticConfig, make_synthetic_image
from tests.conftest import MAIN_CONFIG


@pytest.fixture(scope='module')
def inferencer(main_job_checkpoint):
    return FERInferencer(MAIN_CONFIG, weights=main_job_checkpoint)


def synthetic_bgr(index=0):
    return make_synthetic_image(SyntheticConfig(), 'test', index)[0][:, :, ::-1].copy()


def test_one_entry_per_face_sorted_with_every_expressions_score(inferencer):
    result = inferencer([synthetic_bgr(0), synthetic_bgr(1)], pred_score_thr=0.0,
                        max_faces=5, batch_size=2)
    assert len(result['predictions']) == 2
    for faces in result['predictions']:
        assert len(faces) == 5
        scores = [f['score'] for f in faces]
        assert scores == sorted(scores, reverse=True)
        boxes = [tuple(f['bbox']) for f in faces]
        assert len(set(boxes)) == len(boxes)  # one entry per query: no face twice
        for face in faces:
            assert list(face['class_scores']) == list(
                ('Surprise', 'Fear', 'Disgust', 'Happiness', 'Sadness', 'Anger', 'Neutral'))
            # the face's expression is its best class, scored as the face
            best = max(face['class_scores'], key=face['class_scores'].get)
            assert face['expression'] == best
            assert face['score'] == pytest.approx(face['class_scores'][best], abs=1e-4)
            x1, y1, x2, y2 = face['bbox']
            assert 0 <= x1 <= x2 <= 160 and 0 <= y1 <= y2 <= 160


def test_the_threshold_keeps_only_faces_that_reach_it(inferencer):
    faces = inferencer(synthetic_bgr(2), pred_score_thr=0.0, max_faces=50)['predictions'][0]
    threshold = faces[len(faces) // 2]['score']
    kept = inferencer(synthetic_bgr(2), pred_score_thr=threshold)['predictions'][0]
    assert kept and all(f['score'] >= threshold for f in kept)
    assert len(kept) == sum(f['score'] >= threshold for f in faces)
    assert inferencer(synthetic_bgr(2), pred_score_thr=1.01)['predictions'][0] == []


def test_annotate_draws_on_an_image_of_the_same_size(inferencer):
    image = synthetic_bgr(3)
    faces, drawn = inferencer.annotate(image, pred_score_thr=0.0, max_faces=1)
    assert len(faces) == 1 and drawn.shape == image.shape and drawn.dtype == np.uint8
    assert not np.array_equal(drawn, image)


def test_configs_by_name_and_clear_errors():
    assert find_config('natten-deim_hgnetv2-n-lite_8e_synth') == MAIN_CONFIG
    assert find_config(MAIN_CONFIG) == MAIN_CONFIG
    with pytest.raises(FileNotFoundError, match='no_such_model: no such config file'):
        find_config('no_such_model')


def test_the_model_is_deployed_unless_asked_not_to(inferencer, main_job_checkpoint):
    def batch_norms(model):
        return sum(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules())
    assert batch_norms(inferencer.model) == 0  # folded by switch_to_deploy
    training_form = FERInferencer(MAIN_CONFIG, weights=main_job_checkpoint, deploy=False)
    assert batch_norms(training_form.model) > 0
    assert len(training_form(synthetic_bgr(0), pred_score_thr=0.0,
                             max_faces=3)['predictions'][0]) == 3


@pytest.mark.parametrize('backend', ['onnxruntime', 'openvino'])
def test_a_deploy_runtime_finds_the_faces_pytorch_finds(inferencer, main_job_checkpoint,
                                                        backend):
    """The exported graph in onnxruntime or OpenVINO, behind the same pipeline: the same faces,
    boxes scaled back to the image (here 200 x 160, resized to 160 x 160 and back)."""
    deployed = FERInferencer(MAIN_CONFIG, weights=main_job_checkpoint, backend=backend)
    image = np.ascontiguousarray(np.concatenate([synthetic_bgr(3), synthetic_bgr(4)[:40]]))
    ours, theirs = (i(image, pred_score_thr=0.0, max_faces=10)['predictions'][0]
                    for i in (inferencer, deployed))
    assert len(theirs) == len(ours) == 10
    for a, b in zip(ours, theirs):
        assert a['expression'] == b['expression']
        assert b['score'] == pytest.approx(a['score'], abs=1e-3)
        assert np.allclose(b['bbox'], a['bbox'], atol=2e-3)
    assert max(f['bbox'][3] for f in theirs) <= 200


def test_an_unknown_backend_or_a_detector_it_cannot_run_is_refused(main_job_checkpoint):
    with pytest.raises(ValueError, match="backend must be one of"):
        FERInferencer(MAIN_CONFIG, weights=main_job_checkpoint, backend='tensorrt')
    retinanet = find_config('retinanet_r18_fpn_12e_synth')
    with pytest.raises(ValueError, match='runs DEIM-style detectors .*RetinaHead: use pytorch'):
        FERInferencer(retinanet, backend='openvino')
