import random

import torch

from mmfer.models.data_preprocessors import BatchMixUp
from mmfer.testing.fake_data import fake_face_batch


def test_mixes_neighbours_and_keeps_both_targets():
    batch = fake_face_batch(3, 32)
    inputs = torch.stack(batch['inputs']).float()
    samples = batch['data_samples']
    boxes = [s.gt_instances.bboxes.clone() for s in samples]
    random.seed(0)
    mixed, out = BatchMixUp(prob=1.0, ratio_range=(0.5, 0.5))(inputs, samples)
    assert torch.allclose(mixed[0], 0.5 * inputs[0] + 0.5 * inputs[2])
    assert torch.equal(out[0].gt_instances.bboxes, torch.cat([boxes[0], boxes[2]]))
    assert len(out[1].gt_instances) == 2 and out[1].metainfo['mixup_ratio'] == 0.5


def test_disabled_or_unlucky_batches_pass_through():
    batch = fake_face_batch(2, 32)
    inputs = torch.stack(batch['inputs']).float()
    for augment in (BatchMixUp(prob=1.0, enabled=False), BatchMixUp(prob=0.0)):
        mixed, out = augment(inputs, batch['data_samples'])
        assert mixed is inputs and all(len(s.gt_instances) == 1 for s in out)
