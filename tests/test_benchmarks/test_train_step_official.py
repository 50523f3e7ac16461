"""benchmarks/train_step_official.py: our training step and DEIM's, on one batch, interleaved,
with their ratio (DEIM's code stood in for by the fake checkout: the real one is fetched)."""
import json

import torch

from benchmarks.train_step_official import main as train_step_main
from benchmarks.train_step_official import random_faces


def test_both_steps_timed_with_the_ratio(fake_checkout, tmp_path, capsys):
    out = tmp_path / 'steps.json'
    assert train_step_main(['--official', fake_checkout, '--batch', '2', '--rounds', '2',
                            '--warmup', '1', '--threads', '1', '--out', str(out)]) == 0
    result = json.load(open(out))
    rows = {r['code']: r for r in result['rows']}
    assert set(rows) == {'mmfer', 'official'} and result['image_size'] == 160
    assert rows['mmfer']['params_m'] == 3.74  # our DEIM-N, 7 classes, training form
    for r in rows.values():
        assert 0 < r['min_s'] <= r['median_s']
    assert abs(result['ratio'] - rows['mmfer']['min_s'] / rows['official']['min_s']) < 0.02
    assert 'mmfer / official' in capsys.readouterr().out


def test_the_batch_holds_faces_inside_the_image():
    images, boxes, labels = random_faces(3, 160, 2, 7)
    assert images.shape == (3, 3, 160, 160) and boxes.shape == (3, 2, 4)
    xyxy = torch.cat([boxes[..., :2] - boxes[..., 2:] / 2, boxes[..., :2] + boxes[..., 2:] / 2],
                     -1)
    assert (xyxy >= 0).all() and (xyxy <= 1).all() and labels.max() < 7
