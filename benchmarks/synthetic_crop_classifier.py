"""How learnable is the synthetic set's expression, once the face is found?

Trains a small CNN on the ground-truth face crops (64x64) of the synthetic set and prints the
test accuracy per epoch: a reference for what a detector's expression accuracy could reach.
Writes the numbers as JSON.

    python benchmarks/synthetic_crop_classifier.py [--data-root data/synthetic_fer]
        [--epochs 15] [--out docs/results/synthetic_crop_classifier.json]
"""
import argparse
import os.path as osp
import time

import torch
from torch import nn

from mmfer.benchmark import results_path, write_results
from mmfer.datasets.face_crops import load_face_crops
from mmfer.datasets.synthetic import SyntheticConfig, generate_synthetic_dataset


def small_cnn(num_classes: int = 7) -> nn.Module:
    def block(cin, cout):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout),
                             nn.ReLU(), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 32), block(32, 64), block(64, 128), block(128, 128),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, num_classes))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--data-root', default='data/synthetic_fer')
    parser.add_argument('--epochs', type=int, default=15)
    parser.add_argument('--out', default=results_path('synthetic_crop_classifier'))
    args = parser.parse_args()
    torch.manual_seed(0)
    generate_synthetic_dataset(args.data_root, SyntheticConfig())
    x_train, y_train, x_test, y_test = (
        t for split in ('train', 'test') for t in load_face_crops(
            osp.join(args.data_root, 'annotations', f'synth_{split}.json'),
            osp.join(args.data_root, 'images', split)))
    model = small_cnn()
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = args.epochs * -(-len(x_train) // 32)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=2e-3, total_steps=steps)
    history, start = [], time.time()
    for epoch in range(args.epochs):
        model.train()
        for idx in torch.randperm(len(x_train)).split(32):
            batch = x_train[idx]
            flip = torch.rand(len(batch)) < 0.5
            batch[flip] = batch[flip].flip(-1)
            loss = nn.functional.cross_entropy(model(batch), y_train[idx])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            scheduler.step()
        model.eval()
        with torch.no_grad():
            accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
        history.append(dict(epoch=epoch + 1, loss=loss.item(), test_accuracy=accuracy))
        print(f'epoch {epoch + 1:2d}  loss {loss.item():.3f}  test accuracy {accuracy:.3f}')
    result = dict(train_images=len(x_train), test_images=len(x_test),
                  seconds=round(time.time() - start, 1), history=history)
    write_results(result, args.out)


if __name__ == '__main__':
    main()
