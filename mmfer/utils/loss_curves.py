"""Loss curves from an mmengine run: read its scalars, summarise trends, plot to a PNG."""
import glob
import json
import os.path as osp
from collections import defaultdict
from typing import Dict, List, Tuple

import numpy as np

from .io import write_atomic

Curves = Dict[str, Tuple[np.ndarray, np.ndarray]]  # loss key -> (iterations, values)


def find_scalars(path: str) -> str:
    """``path`` itself if it is a file, else the newest ``*/vis_data/scalars.json`` under it."""
    if osp.isfile(path):
        return path
    found = sorted(glob.glob(osp.join(path, '*', 'vis_data', 'scalars.json')))
    if not found:
        raise FileNotFoundError(f'{path}: no */vis_data/scalars.json (is it a work dir of a '
                                'training run with LocalVisBackend?)')
    return found[-1]


def read_loss_curves(path: str) -> Curves:
    """Every key containing ``loss`` in the training records of ``path``, by iteration."""
    scalars = find_scalars(path)
    curves = defaultdict(list)
    with open(scalars, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f'{scalars}, line {number}: not JSON ({err.msg})') from None
            step = record.get('iter', record.get('step'))
            for key, value in record.items():
                if 'loss' in key and step is not None:
                    curves[key].append((step, value))
    if not curves:
        raise ValueError(f'{scalars}: no loss values (was the run trained?)')
    return {k: tuple(np.array(c) for c in zip(*v)) for k, v in curves.items()}


def loss_trends(curves: Curves, fraction: float = 0.2) -> Dict[str, Tuple[float, float]]:
    """Per key, the mean of the first and of the last ``fraction`` of its values."""
    trends = {}
    for key, (_, values) in curves.items():
        n = max(1, int(len(values) * fraction))
        trends[key] = (float(values[:n].mean()), float(values[-n:].mean()))
    return trends


def group_of(key: str) -> str:
    """``dn.d0.loss_cls`` -> ``loss_cls``: the panel a loss key is drawn in."""
    return key.split('.')[-1]


def plot_loss_curves(curves: Curves, out: str, force: bool = False) -> List[str]:
    """One panel per loss kind (total, cls, bbox, iou, fgl, ddf, ...), a line per output.

    Returns the panel titles. The PNG is written atomically; an existing file is kept
    unless ``force``.
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    groups = defaultdict(list)
    for key in sorted(curves):
        groups[group_of(key)].append(key)
    titles = sorted(groups, key=lambda g: (g != 'loss', g))
    cols = min(3, len(titles))
    rows = (len(titles) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.6 * rows), squeeze=False)
    for ax, title in zip(axes.flat, titles):
        for key in groups[title]:
            steps, values = curves[key]
            ax.plot(steps, values, label=key, linewidth=1)
        ax.set_title(title)
        ax.set_xlabel('iteration')
        if len(groups[title]) > 1:
            ax.legend(fontsize=6, ncol=2)
    for ax in list(axes.flat)[len(titles):]:
        ax.axis('off')
    fig.tight_layout()
    write_atomic(out, lambda tmp: fig.savefig(tmp, format='png', dpi=110), force)
    plt.close(fig)
    return titles
