"""The robustness sweep: each model evaluated on its config's test set under every level of
every nuisance factor (:mod:`.factors`), one factor at a time. The clean level is the test set
itself, so it gives what tools/test.py gives on the same images.
"""
import copy
import json
import os
import os.path as osp
import shutil
import statistics
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np

from mmfer.utils.dataset_config import innermost_dataset
from mmfer.utils.io import dump_json_atomic, write_atomic

from .factors import FACTORS, LandmarkPriorPerturbation, apply


def sweep(models: Sequence[Tuple[str, str]], out_dir: str,
          labels: Optional[Sequence[str]] = None, factors: Optional[Sequence[str]] = None,
          num_images: Optional[int] = None, seed: int = 0, force: bool = False) -> dict:
    """Evaluate each (config, checkpoint) of ``models`` under every level of ``factors``.

    Writes ``out_dir/robustness.json`` (the returned report) and ``robustness_<factor>.png``;
    the transformed test sets are kept in ``out_dir/sets/`` and reused.

    Args:
        models: (config, checkpoint) pairs; pairs with the same label are runs of one model.
        labels: a name per pair (default: the config's file name).
        factors: the factors to sweep (default: all of :data:`FACTORS`).
        num_images: a seeded sample of the test images (default: all).
        force: replace an existing report.

    Returns:
        dict: ``{"models": [...], "factors": {factor: [{"level", "model", "mAP50",
        "accuracy", "runs"}, ...]}}``, values in [0, 1].

    Raises:
        ValueError: labels that do not match the pairs, an unknown factor.
        FileExistsError: a report in ``out_dir`` and no ``force``.
        FileNotFoundError: a missing checkpoint.
    """
    from mmengine.utils import ProgressBar

    from mmfer.apis.model_loading import load_detector
    pairs = [tuple(pair) for pair in models]
    labels = list(labels or [osp.splitext(osp.basename(c))[0] for c, _ in pairs])
    if len(labels) != len(pairs):
        raise ValueError(f'--labels gives {len(labels)} names for {len(pairs)} models')
    factors = list(factors or FACTORS)
    unknown = [f for f in factors if f not in FACTORS]
    if unknown:
        raise ValueError(f'unknown factors {unknown}; the factors: {", ".join(FACTORS)}')
    out_json = osp.join(out_dir, 'robustness.json')
    if osp.exists(out_json) and not force:
        raise FileExistsError(f'{out_json} already exists; pass --force to replace it')
    for _, checkpoint in pairs:
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'checkpoint {checkpoint}: no such file')
    runs = defaultdict(list)  # (factor, level label, model label) -> [metrics per pair]
    progress = ProgressBar(len(pairs) * sum(len(FACTORS[f]) for f in factors))
    for (config, checkpoint), label in zip(pairs, labels):
        model, cfg = load_detector(config, checkpoint)
        done = {}  # (set, prior level) -> metrics: the clean level is every factor's first
        coco, img_dir, ann_file = load_subset(innermost_dataset(cfg.test_dataloader.dataset),
                                              num_images, seed)
        set_root = osp.join(out_dir, 'sets', osp.splitext(osp.basename(ann_file))[0] +
                            (f'_n{num_images}_s{seed}' if num_images else ''))
        for factor in factors:
            for level in FACTORS[factor]:
                prior = factor == 'landmark_prior'
                image_value = None if prior else level.value
                set_dir = osp.join(set_root, 'clean' if image_value is None else
                                   f'{factor}_{level.label}')
                write_set(coco, img_dir, set_dir, factor, image_value)
                prior_level = level.value if prior else None
                if prior_level is not None and model.backbone.lpb is None:
                    result = None  # no landmark branch to perturb
                elif (set_dir, prior_level) in done:
                    result = done[(set_dir, prior_level)]
                else:
                    result = done[(set_dir, prior_level)] = evaluate(model, cfg, set_dir,
                                                                     prior_level)
                runs[(factor, level.label, label)].append(result)
                progress.update()
    report = dict(models=[dict(label=lb, config=c, checkpoint=k)
                          for (c, k), lb in zip(pairs, labels)], factors={})
    for factor in factors:
        rows = []
        for level in FACTORS[factor]:
            for label in dict.fromkeys(labels):
                results = [r for r in runs[(factor, level.label, label)] if r is not None]
                rows.append(dict(
                    level=level.label, model=label,
                    mAP50=statistics.mean(r['mAP50'] for r in results) if results else None,
                    accuracy=statistics.mean(r['accuracy'] for r in results)
                    if results else None,
                    runs=[r['mAP50'] for r in results]))
        report['factors'][factor] = rows
        plot(factor, rows, list(dict.fromkeys(labels)),
             osp.join(out_dir, f'robustness_{factor}.png'))
    dump_json_atomic(report, out_json, force=True, indent=1)
    return report


def load_subset(dataset: dict, num_images: Optional[int], seed: int):
    """The test set's COCO dict (a seeded sample of ``num_images``) and its image folder."""
    from mmengine.registry import init_default_scope

    from mmfer.registry import DATASETS
    init_default_scope('mmfer')
    built = DATASETS.build(dict(dataset, pipeline=[], lazy_init=True))  # makes a synthetic set
    with open(built.ann_file, encoding='utf-8') as f:
        coco = json.load(f)
    images = sorted(coco['images'], key=lambda im: im['id'])
    if num_images is not None and num_images < len(images):
        rng = np.random.default_rng(seed)
        images = [images[i] for i in sorted(rng.choice(len(images), num_images, replace=False))]
    ids = {im['id'] for im in images}
    coco = dict(coco, images=images,
                annotations=[a for a in coco['annotations'] if a['image_id'] in ids])
    return coco, built.data_prefix['img'], built.ann_file


def write_set(coco: dict, img_dir: str, out: str, factor: str, value) -> None:
    """The test set under one level of an image factor, as ``out/images/`` and
    ``out/annotations.json`` (the clean level: the images as they are), built beside ``out``
    and renamed into place; an existing set is kept."""
    if osp.isfile(osp.join(out, 'annotations.json')):
        return
    tmp = out + '.partial'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(osp.join(tmp, 'images'))
    by_image = defaultdict(list)
    for ann in coco['annotations']:
        by_image[ann['image_id']].append(ann)
    images, annotations = [], []
    for image in coco['images']:
        src = osp.join(img_dir, image['file_name'])
        anns = by_image[image['id']]
        name = image['file_name'].replace('/', '_')
        if value is None:
            shutil.copyfile(src, osp.join(tmp, 'images', name))
            images.append(dict(image, file_name=name))
            annotations += anns
            continue
        img = cv2.imread(src)
        if img is None:
            raise OSError(f'cannot read image {src}')
        boxes = np.array([[x, y, x + w, y + h] for x, y, w, h in (a['bbox'] for a in anns)],
                         np.float32).reshape(-1, 4)
        points = np.array([a.get('keypoints') or [0] * 15 for a in anns],
                          np.float32).reshape(-1, 5, 3)
        sample = apply(factor, value, dict(img=img, bboxes=boxes, keypoints=points))
        name = osp.splitext(name)[0] + '.png'  # lossless: the factor alone changes the image
        cv2.imwrite(osp.join(tmp, 'images', name), sample['img'])
        h, w = sample['img'].shape[:2]
        images.append(dict(image, file_name=name, width=w, height=h))
        for ann, box, kps in zip(anns, sample['bboxes'], sample['keypoints']):
            x0, y0, x1, y1 = (float(v) for v in box)
            annotations.append(dict(ann, bbox=[x0, y0, x1 - x0, y1 - y0],
                                    area=(x1 - x0) * (y1 - y0),
                                    keypoints=[float(v) for v in kps.ravel()]))
    dump_json_atomic(dict(coco, images=images, annotations=annotations),
                     osp.join(tmp, 'annotations.json'))
    shutil.rmtree(out, ignore_errors=True)
    os.replace(tmp, out)


def evaluate(model, cfg, set_dir: str, prior_level=None) -> Dict[str, float]:
    """mAP50 and accuracy of ``model`` on the set in ``set_dir``, through the config's test
    pipeline and evaluators (tools/test.py's), with the landmark prior perturbed at
    ``prior_level`` if given."""
    import contextlib

    import torch
    from mmengine.evaluator import Evaluator
    from mmengine.runner import Runner

    dataset = copy.deepcopy(innermost_dataset(cfg.test_dataloader.dataset))
    dataset.pop('synthetic', None)
    dataset.update(type='RAFDBDataset', data_root=set_dir, ann_file='annotations.json',
                   data_prefix=dict(img='images/'), test_mode=True)
    loader = Runner.build_dataloader(dict(cfg.test_dataloader, dataset=dataset, num_workers=0,
                                          persistent_workers=False))
    evaluator = Evaluator(copy.deepcopy(cfg.test_evaluator))
    evaluator.dataset_meta = loader.dataset.metainfo
    perturb = (LandmarkPriorPerturbation(model, prior_level) if prior_level is not None
               else contextlib.nullcontext())
    with perturb, torch.no_grad():
        for batch in loader:
            evaluator.process(model.test_step(batch), batch)
    metrics = evaluator.evaluate(len(loader.dataset))
    return dict(mAP50=metrics['coco/bbox_mAP_50'], accuracy=metrics['expr/accuracy'])


def plot(factor: str, rows: List[dict], labels: List[str], path: str) -> None:
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    levels = list(dict.fromkeys(r['level'] for r in rows))
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    for label in labels:
        mine = {r['level']: r for r in rows if r['model'] == label and r['mAP50'] is not None}
        xs = [i for i, level in enumerate(levels) if level in mine]
        if not xs:
            continue
        means = [100 * mine[levels[i]]['mAP50'] for i in xs]
        low = [m - 100 * min(mine[levels[i]]['runs']) for m, i in zip(means, xs)]
        high = [100 * max(mine[levels[i]]['runs']) - m for m, i in zip(means, xs)]
        ax.errorbar(xs, means, yerr=[low, high], marker='o', capsize=3, label=label)
    ax.set_xticks(range(len(levels)), levels)
    ax.set_xlabel(factor)
    ax.set_ylabel('mAP50')
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    write_atomic(path, lambda tmp: fig.savefig(tmp, format='png', dpi=110), force=True)
    plt.close(fig)
