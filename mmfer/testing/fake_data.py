"""Small fake batches for tests and docs, in the form a detector's data_preprocessor takes."""
import torch
from mmdet.structures import DetDataSample
from mmengine.structures import InstanceData


def fake_face_batch(batch: int = 2, size: int = 64, num_classes: int = 7, seed: int = 0,
                    faces_per_image: int = 1) -> dict:
    """``dict(inputs=[(3, size, size) uint8 ...], data_samples=[DetDataSample ...])`` with one
    random face box (and label) per image; ``faces_per_image=0`` gives images without faces."""
    gen = torch.Generator().manual_seed(seed)
    inputs, samples = [], []
    for _ in range(batch):
        inputs.append(torch.randint(0, 256, (3, size, size), generator=gen, dtype=torch.uint8))
        xy = torch.rand(faces_per_image, 2, generator=gen) * size * 0.5
        wh = (0.25 + 0.25 * torch.rand(faces_per_image, 2, generator=gen)) * size
        sample = DetDataSample(metainfo=dict(img_shape=(size, size), ori_shape=(size, size),
                                             pad_shape=(size, size), scale_factor=(1.0, 1.0),
                                             batch_input_shape=(size, size)))
        sample.gt_instances = InstanceData(
            bboxes=torch.cat([xy, xy + wh], 1),
            labels=torch.randint(0, num_classes, (faces_per_image,), generator=gen))
        samples.append(sample)
    return dict(inputs=inputs, data_samples=samples)
