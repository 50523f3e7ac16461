"""Where a detector looks (the paper's Fig. 4): DFPM spatial gates, neck energy, Grad-CAM."""
from typing import Dict, List, Tuple

import cv2
import numpy as np
import torch
from mmdet.structures import DetDataSample
from torch import Tensor


def preprocess(model, image_bgr: np.ndarray, size: int) -> Tensor:
    """(H, W, 3) uint8 BGR -> the model's (1, 3, size, size) normalised input."""
    resized = cv2.resize(image_bgr, (size, size), interpolation=cv2.INTER_LINEAR)
    tensor = torch.from_numpy(np.ascontiguousarray(resized.transpose(2, 0, 1)))
    sample = DetDataSample(metainfo=dict(img_shape=(size, size), ori_shape=(size, size),
                                         scale_factor=(1.0, 1.0)))
    return model.data_preprocessor(dict(inputs=[tensor], data_samples=[sample]),
                                   False)['inputs']


def attention_maps(model, image_bgr: np.ndarray, size: int) -> Dict[str, object]:
    """Maps over the model's input, each (h, w) float:

    - ``gates``: the DFPM spatial gate of each neck level (a DFPMNattenNeck only, else []);
    - ``energy``: the L2 norm over channels of the neck's finest output;
    - ``gradcam``: Grad-CAM of the top detection's class logit on the neck's finest output;
    - ``detection``: (box x1 y1 x2 y2 in input pixels, label, score) of that detection.
    """
    x = preprocess(model, image_bgr, size)
    gates: List[Tensor] = []
    hooks = [dfpm.spatial_gate.register_forward_hook(lambda m, i, o: gates.append(o.detach()))
             for dfpm in getattr(model.neck, 'dfpms', [])]
    try:
        with torch.enable_grad():
            feats = model.extract_feat(x)
            finest = feats[0]
            finest.retain_grad()
            final = model.bbox_head(feats).decoder.layers()[-1]
            probs = final.logits.sigmoid()[0]  # (Q, C)
            query, label = divmod(int(probs.flatten().argmax()), probs.shape[1])
            final.logits[0, query, label].backward()
    finally:
        for hook in hooks:
            hook.remove()
    weights = finest.grad[0].mean(dim=(1, 2), keepdim=True)
    gradcam = torch.relu((weights * finest[0].detach()).sum(0))
    box = final.boxes[0, query].detach()
    xyxy = torch.cat([box[:2] - box[2:] / 2, box[:2] + box[2:] / 2]) * size
    return dict(gates=[g[0, 0].numpy() for g in gates],
                energy=finest[0].detach().norm(dim=0).numpy(), gradcam=gradcam.numpy(),
                detection=(xyxy.tolist(), label, float(probs[query, label])))


def overlay(image_bgr: np.ndarray, heat: np.ndarray, title: str, bar: int = 18) -> np.ndarray:
    """``heat`` (any size) normalised, stretched over the image and blended, a title bar
    above: (H + bar, W, 3) uint8."""
    h, w = image_bgr.shape[:2]
    heat = cv2.resize(heat.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    span = float(heat.max() - heat.min())
    heat = (heat - heat.min()) / span if span > 0 else np.zeros_like(heat)
    colour = cv2.applyColorMap((heat * 255).astype(np.uint8), cv2.COLORMAP_JET)
    return titled(cv2.addWeighted(image_bgr, 0.45, colour, 0.55, 0), title, bar)


def titled(panel: np.ndarray, title: str, bar: int = 18) -> np.ndarray:
    header = np.full((bar, panel.shape[1], 3), 255, np.uint8)
    cv2.putText(header, title, (3, bar - 5), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1,
                cv2.LINE_AA)
    return np.vstack([header, panel])


def draw_detection(image_bgr: np.ndarray, detection: Tuple, size: int,
                   classes) -> np.ndarray:
    """The image with the detection's box (given in the square input's pixels)."""
    h, w = image_bgr.shape[:2]
    (x1, y1, x2, y2), label, score = detection
    sx, sy = w / size, h / size
    out = image_bgr.copy()
    cv2.rectangle(out, (int(x1 * sx), int(y1 * sy)), (int(x2 * sx), int(y2 * sy)),
                  (0, 255, 255), 2)
    return titled(out, f'{classes[label]} {score:.2f}')
