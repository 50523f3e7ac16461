"""An exported graph (fp32 or quantised) scored on a config's test set with the config's own
metrics: the figure tools/test.py gives the PyTorch model, for the deployed one."""
from typing import Dict, Optional

import numpy as np
import torch
from mmdet.models.utils import samplelist_boxtype2tensor
from mmengine.config import Config
from mmengine.evaluator import Evaluator
from mmengine.registry import init_default_scope
from mmengine.structures import InstanceData

from mmfer.models.dense_heads.deim_head import boxes_in_image
from mmfer.registry import DATASETS

from .runtimes import DeployedGraph


def graph_predictions(graph: DeployedGraph, image: torch.Tensor, meta: dict) -> InstanceData:
    """One pipeline image, (3, S, S) uint8 BGR, through ``graph``: its detections as the
    PyTorch head gives them (``bboxes`` in the original image's pixels, clipped; ``scores``,
    ``labels``, ``queries``, ``class_scores``)."""
    out = {k: torch.from_numpy(v[0]) for k, v in graph(image[None].float().numpy()).items()}
    out['bboxes'] = boxes_in_image(out.pop('boxes'), meta)
    return InstanceData(**out)


def evaluate_graph(graph: DeployedGraph, cfg: Config,
                   max_images: Optional[int] = None) -> Dict[str, float]:
    """``cfg``'s test set (its first ``max_images`` images) through ``graph``, scored by
    ``cfg.test_evaluator``: the metrics tools/test.py prints."""
    init_default_scope(cfg.get('default_scope', 'mmfer'))
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    evaluator = Evaluator(cfg.test_evaluator)
    evaluator.dataset_meta = dataset.metainfo
    count = len(dataset) if max_images is None else min(max_images, len(dataset))
    for index in range(count):
        data = dataset[index]
        sample = data['data_samples']
        samplelist_boxtype2tensor([sample])  # as the data preprocessor does before the metrics
        sample.pred_instances = graph_predictions(graph, data['inputs'], sample.metainfo)
        evaluator.process([sample])
    return {k: float(v) if isinstance(v, (int, float, np.floating)) else v
            for k, v in evaluator.evaluate(count).items()}
