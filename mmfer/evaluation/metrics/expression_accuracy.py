"""Top-1 expression accuracy of a detector, as the FER literature reports it."""
import csv
import os
import os.path as osp
from typing import Dict, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import MMLogger

from mmfer.registry import METRICS


@METRICS.register_module()
class ExpressionAccuracyMetric(BaseMetric):
    """The top-scoring detection of each image against the image's ground-truth expression.

    An image's expression is the label of its largest ground-truth box (RAF-DB has one face per
    image); images without ground truth are left out. An image with no detection counts as
    wrong, in the confusion matrix's last column ``no detection``.

    Reports ``expr/accuracy`` (overall top-1), ``expr/mean_recall`` (mean per-class recall,
    over the classes present) and ``expr/recall_<class>``; writes the confusion matrix (rows:
    ground truth, columns: prediction) as ``confusion_matrix.csv`` and ``.png``.

    Args:
        output_dir (str, optional): where the confusion matrix goes. Defaults to the log
            directory of the current run (the folder of the current ``MMLogger``'s log file);
            nothing is written when there is neither.
        collect_device (str): ``'cpu'`` or ``'gpu'``, for gathering results across processes.
        prefix (str, optional): defaults to ``'expr'``.
    """

    default_prefix = 'expr'

    def __init__(self, output_dir: Optional[str] = None, collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.output_dir = output_dir

    def process(self, data_batch, data_samples: Sequence[dict]) -> None:
        for sample in data_samples:
            gt = sample['gt_instances']
            if len(gt['labels']) == 0:
                continue
            boxes = np.asarray(gt['bboxes'].cpu() if hasattr(gt['bboxes'], 'cpu')
                               else gt['bboxes'])
            areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
            gt_label = int(gt['labels'][int(np.argmax(areas))])
            pred = sample['pred_instances']
            pred_label = (int(pred['labels'][int(pred['scores'].argmax())])
                          if len(pred['scores']) else -1)
            self.results.append((gt_label, pred_label))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        classes = list(self.dataset_meta['classes'])
        num = len(classes)
        confusion = np.zeros((num, num + 1), dtype=np.int64)
        for gt_label, pred_label in results:
            confusion[gt_label, pred_label if pred_label >= 0 else num] += 1
        support = confusion.sum(1)
        recall = np.divide(np.diag(confusion[:, :num]), support,
                           out=np.zeros(num), where=support > 0)
        metrics = dict(accuracy=float(np.trace(confusion[:, :num]) / max(support.sum(), 1)),
                       mean_recall=float(recall[support > 0].mean()) if support.any() else 0.0)
        metrics.update({f'recall_{c}': float(r) for c, r in zip(classes, recall)})
        self._save(confusion, classes)
        return metrics

    def _save(self, confusion: np.ndarray, classes: list) -> None:
        out = self.output_dir
        if out is None:
            log_file = getattr(MMLogger.get_current_instance(), 'log_file', None)
            if not log_file:
                return
            out = osp.dirname(log_file)
        os.makedirs(out, exist_ok=True)
        columns = classes + ['no detection']
        with open(osp.join(out, 'confusion_matrix.csv'), 'w', newline='') as f:
            writer = csv.writer(f)
            writer.writerow(['ground truth \\ prediction'] + columns)
            for name, row in zip(classes, confusion):
                writer.writerow([name] + row.tolist())
        plot_confusion_matrix(confusion, classes, columns,
                              osp.join(out, 'confusion_matrix.png'))
        MMLogger.get_current_instance().info(f'confusion matrix written to {out}')


def plot_confusion_matrix(confusion: np.ndarray, rows: list, columns: list, path: str) -> None:
    """Save a (len(rows), len(columns)) count matrix as a row-normalised heat map."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    support = confusion.sum(1, keepdims=True)
    normalised = np.divide(confusion, support, out=np.zeros(confusion.shape), where=support > 0)
    fig, ax = plt.subplots(figsize=(1 + 0.9 * len(columns), 1 + 0.8 * len(rows)))
    ax.imshow(normalised, cmap='Blues', vmin=0, vmax=1)
    ax.set_xticks(range(len(columns)), columns, rotation=45, ha='right')
    ax.set_yticks(range(len(rows)), rows)
    ax.set_xlabel('prediction')
    ax.set_ylabel('ground truth')
    for i in range(len(rows)):
        for j in range(len(columns)):
            ax.text(j, i, f'{confusion[i, j]}\n{normalised[i, j]:.0%}', ha='center',
                    va='center', fontsize=7,
                    color='white' if normalised[i, j] > 0.5 else 'black')
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
