"""Drawing expression detections: box, expression, score, and a bar of every class's score."""
from typing import List, Optional

import numpy as np
from mmdet.visualization import DetLocalVisualizer
from mmengine.structures import InstanceData

from mmfer.datasets.expressions import EXPRESSION_PALETTE
from mmfer.registry import VISUALIZERS


@VISUALIZERS.register_module()
class FERVisualizer(DetLocalVisualizer):
    """MMDetection's ``DetLocalVisualizer`` that also draws, under each predicted face, one
    horizontal bar per expression (its colour the expression's, its length the score the head
    gives that class for the face: ``class_scores``, (N, C) in [0, 1]).

    Ground truth and predictions without ``class_scores`` are drawn as mmdet draws them.
    """

    def __init__(self, name: str = 'fer_visualizer', bar_height: int = 4, **kwargs) -> None:
        super().__init__(name=name, **kwargs)
        self.bar_height = bar_height

    def _draw_instances(self, image: np.ndarray, instances: InstanceData,
                        classes: Optional[List[str]],
                        palette: Optional[List[tuple]]) -> np.ndarray:
        image = super()._draw_instances(image, instances, classes, palette)
        if 'class_scores' not in instances or not len(instances):
            return image
        self.set_image(image)
        colours = palette if isinstance(palette, (list, tuple)) else EXPRESSION_PALETTE
        height, width = image.shape[:2]
        scores = np.asarray(instances.class_scores, dtype=np.float64)
        for box, row in zip(np.asarray(instances.bboxes, dtype=np.float64), scores):
            x0 = float(np.clip(box[0], 0, width - 1))
            span = max(float(box[2] - box[0]), 40.0)
            y0 = float(box[3]) + 2
            if y0 + self.bar_height * len(row) > height:  # no room below: above the box
                y0 = max(float(box[1]) - 2 - self.bar_height * len(row), 0.0)
            bars = [[x0, y0 + i * self.bar_height, x0 + max(span * s, 1.0),
                     y0 + (i + 1) * self.bar_height - 1] for i, s in enumerate(row)]
            colors = [tuple(colours[i % len(colours)]) for i in range(len(row))]
            self.draw_bboxes(np.array(bars), edge_colors=colors, face_colors=colors,
                             alpha=0.9, line_widths=0)
        return self.get_image()
