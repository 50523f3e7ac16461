"""A detector as one ONNX graph: normalisation, network and post-processing."""
import warnings
from typing import Dict, List, Sequence

import numpy as np
import torch
from mmdet.structures.bbox import bbox_cxcywh_to_xyxy
from torch import Tensor, nn

from mmfer.models.dense_heads.deim_head import is_deim_style

OUTPUT_NAMES = ('boxes', 'scores', 'labels', 'queries', 'class_scores')


class ExportableDetector(nn.Module):
    """A DEIM-style detector from image to detections, for ONNX.

    Input ``image``: (B, 3, S, S) float32, BGR in 0..255 (an image as OpenCV reads it, resized
    to S x S without keeping the ratio, as the test pipeline does). The graph normalises it as
    the model's data preprocessor does, runs backbone, neck and head, and keeps the top
    ``max_per_img`` (query, class) pairs by sigmoid score, as ``DEIMHead.predict`` does.

    Outputs: ``boxes`` (B, K, 4) x1 y1 x2 y2 in the input's pixels, ``scores`` (B, K),
    ``labels`` (B, K) int64, ``queries`` (B, K) int64 (a query is one face), ``class_scores``
    (B, K, C), the query's score for every class.
    """

    def __init__(self, model: nn.Module, max_per_img: int = 100) -> None:
        super().__init__()
        self.model = model.eval()
        preprocessor = model.data_preprocessor
        self.bgr_to_rgb = bool(getattr(preprocessor, '_channel_conversion', False))
        self.register_buffer('mean', preprocessor.mean.detach().clone().view(1, 3, 1, 1))
        self.register_buffer('std', preprocessor.std.detach().clone().view(1, 3, 1, 1))
        self.max_per_img = max_per_img

    def forward(self, image: Tensor) -> Sequence[Tensor]:
        x = image[:, [2, 1, 0]] if self.bgr_to_rgb else image
        x = (x - self.mean) / self.std
        final = self.model.bbox_head(self.model.extract_feat(x)).decoder
        logits, boxes = final.logits[-1], final.boxes[-1]   # (B, Q, C), (B, Q, 4)
        num_classes = logits.shape[-1]
        probs = logits.sigmoid()
        k = min(self.max_per_img, int(probs.shape[1]) * int(num_classes))
        scores, index = probs.flatten(1).topk(k, dim=1)
        labels = index % num_classes
        queries = torch.div(index, num_classes, rounding_mode='floor')
        h, w = int(image.shape[-2]), int(image.shape[-1])
        scale = boxes.new_tensor([w, h, w, h])
        chosen = boxes.gather(1, queries[..., None].expand(-1, -1, 4))
        pixel_boxes = bbox_cxcywh_to_xyxy(chosen) * scale
        class_scores = probs.gather(1, queries[..., None].expand(-1, -1, num_classes))
        return pixel_boxes, scores, labels, queries, class_scores


def check_exportable(model: nn.Module, source: str) -> None:
    """Raise ValueError, naming ``source`` (its config), unless ``model`` has the DEIM-style
    head (``DEIMHead``) that :class:`ExportableDetector` exports."""
    if not is_deim_style(model):
        raise ValueError(f'{source}: only DEIM-style detectors (DEIMHead) are exported, '
                         f'this one has a {type(model.bbox_head).__name__}')


def export_onnx(model: nn.Module, out_file: str, shape: int, max_per_img: int = 100,
                opset: int = 17) -> ExportableDetector:
    """Export ``model`` for (1, 3, shape, shape) inputs; returns the exported wrapper."""
    wrapper = ExportableDetector(model, max_per_img).eval()
    dummy = torch.rand(1, 3, shape, shape) * 255
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter('ignore')  # tracer warnings about the constant shapes we want
        torch.onnx.export(wrapper, (dummy,), out_file, opset_version=opset, dynamo=False,
                          input_names=['image'], output_names=list(OUTPUT_NAMES))
    return wrapper


def compare_with_runtime(wrapper: ExportableDetector, onnx_file: str,
                         images: List[np.ndarray], runtime: str = 'onnxruntime'
                         ) -> Dict[str, float]:
    """Largest absolute differences between PyTorch and ``runtime`` (onnxruntime or OpenVINO)
    running ``onnx_file`` on ``images`` (each (S, S, 3) BGR uint8).

    Each detection of the runtime is paired with PyTorch's detection of the same class whose
    box is nearest, so that two queries of (nearly) equal score ranked in another order by the
    two runtimes do not count as a difference; ``unmatched`` counts the runtime's detections
    whose class PyTorch did not keep at all, ``detections`` all of them.
    """
    from .runtimes import DeployedGraph
    graph = DeployedGraph(onnx_file, runtime)
    worst = dict(boxes=0.0, scores=0.0, class_scores=0.0, unmatched=0, detections=0)
    for image in images:
        x = torch.from_numpy(np.ascontiguousarray(image.transpose(2, 0, 1)))[None].float()
        with torch.no_grad():
            ours = [t[0].numpy() for t in wrapper(x)]
        theirs = [graph(x.numpy())[name][0] for name in OUTPUT_NAMES]
        for box, score, label, row in zip(theirs[0], theirs[1], theirs[2], theirs[4]):
            worst['detections'] += 1
            same_class = np.flatnonzero(ours[2] == label)
            if not len(same_class):
                worst['unmatched'] += 1
                continue
            i = same_class[np.abs(ours[0][same_class] - box).max(-1).argmin()]
            worst['boxes'] = max(worst['boxes'], float(np.abs(ours[0][i] - box).max()))
            worst['scores'] = max(worst['scores'], float(abs(ours[1][i] - score)))
            worst['class_scores'] = max(worst['class_scores'],
                                        float(np.abs(ours[4][i] - row).max()))
    return worst
