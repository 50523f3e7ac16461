"""Loss curves from an mmengine run: read its scalars, summarise trends, plot to a PNG."""
import glob
import json
import os.path as osp
from collections import defaultdict
from typing import Dict, List, NamedTuple, Tuple

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


class Trend(NamedTuple):
    """Means of a loss term's first and last windows and the highest window mean between."""
    start: float
    peak: float
    end: float

    def verdict(self, min_drop: float = 0.1) -> str:
        """``falls`` (end below start), ``falls after its peak`` (end at least ``min_drop``
        below the peak: a term that rises first, such as a distillation loss that is zero
        while all layers agree at init, or a class loss whose IoU target grows with the
        boxes), or ``does not fall``."""
        if self.end < self.start:
            return 'falls'
        if self.end <= (1 - min_drop) * self.peak:
            return 'falls after its peak'
        return 'does not fall'


def loss_trends(curves: Curves, fraction: float = 0.05) -> Dict[str, Trend]:
    """Per key, a :class:`Trend` over windows of ``fraction`` of its values."""
    trends = {}
    for key, (_, values) in curves.items():
        n = max(1, int(len(values) * fraction))
        window_means = np.convolve(values, np.full(n, 1 / n), mode='valid')
        trends[key] = Trend(float(window_means[0]), float(window_means.max()),
                            float(window_means[-1]))
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
