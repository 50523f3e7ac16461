"""Pre-training the expression branch (HGNetV2) as an expression classifier on face crops.

DEIM starts its HGNetV2 from ImageNet weights; none can be downloaded here. For a short run on
the synthetic set the expression branch can start instead from a classifier of the training
split's own face crops: a few epochs that teach it the expressions before the detector learns
to find and match faces. Only the training split is used; the test split's crops measure the
classifier. The checkpoint is timm's layout, which ``DualBranchBackbone(ebb_pretrained=...)``
loads (its classifier head is left out).
"""
import os.path as osp
import time
from typing import Callable, Dict

import timm
import torch
import torch.nn.functional as F

from mmfer.datasets.face_crops import load_face_crops
from mmfer.utils.io import write_atomic


def augment(batch: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random horizontal flips and brightness / contrast jitter of crops in [0, 1]."""
    flip = torch.rand(len(batch), generator=generator) < 0.5
    batch = torch.where(flip[:, None, None, None], batch.flip(-1), batch)
    gain = 1 + 0.4 * (torch.rand(len(batch), 1, 1, 1, generator=generator) - 0.5)
    shift = 0.2 * (torch.rand(len(batch), 1, 1, 1, generator=generator) - 0.5)
    return ((batch - 0.5) * gain + 0.5 + shift).clamp(0, 1)


@torch.no_grad()
def crop_accuracy(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    model.eval()
    predictions = torch.cat([model(batch).argmax(-1) for batch in x.split(256)])
    return float((predictions == y).float().mean())


def pretrain_expression_branch(train_ann: str, train_img_dir: str, test_ann: str,
                               test_img_dir: str, out_file: str, arch: str = 'hgnetv2_b0',
                               epochs: int = 8, size: int = 64, batch_size: int = 64,
                               lr: float = 2e-3, margin: float = 0.1, seed: int = 0,
                               force: bool = False, log: Callable = print) -> Dict:
    """Train timm's ``arch`` on the face crops of ``train_ann`` and save it to ``out_file``.

    Inputs are [0, 1] RGB crops (the detectors' input convention), ``size`` pixels, the face
    box widened by ``margin``. Returns the history (train loss and test accuracy per epoch,
    seconds).
    """
    if not force and osp.exists(out_file):
        raise FileExistsError(f'{out_file} already exists; pass --force to overwrite it')
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x_train, y_train = load_face_crops(train_ann, train_img_dir, size, margin)
    x_test, y_test = load_face_crops(test_ann, test_img_dir, size, margin)
    model = timm.create_model(arch, pretrained=False, num_classes=7)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.05)
    steps = epochs * -(-len(x_train) // batch_size)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=steps)
    history = dict(train_loss=[], test_accuracy=[])
    start = time.time()
    for epoch in range(epochs):
        model.train()
        losses = []
        for index in torch.randperm(len(x_train), generator=generator).split(batch_size):
            loss = F.cross_entropy(model(augment(x_train[index], generator)), y_train[index],
                                   label_smoothing=0.1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
            losses.append(loss.item())
        history['train_loss'].append(sum(losses) / len(losses))
        history['test_accuracy'].append(crop_accuracy(model, x_test, y_test))
        log(f'epoch {epoch + 1}/{epochs}  loss {history["train_loss"][-1]:.4f}  test crop '
            f'accuracy {history["test_accuracy"][-1]:.3f}  ({time.time() - start:.0f} s)')
    history['seconds'] = time.time() - start
    checkpoint = dict(state_dict=model.state_dict(),
                      meta=dict(arch=arch, epochs=epochs, size=size, margin=margin,
                                train_ann=train_ann, test_accuracy=history['test_accuracy'][-1],
                                input='[0, 1] RGB'))
    write_atomic(out_file, lambda tmp: torch.save(checkpoint, tmp), force=force)
    return history
