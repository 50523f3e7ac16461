"""Expression detection on images, folders and arrays: MMDetection's DetInferencer, per face."""
import os.path as osp
import tempfile
from typing import Dict, List, Optional, Tuple, Union

import numpy as np
import torch
from mmdet.apis import DetInferencer
from mmdet.structures import DetDataSample
from mmengine.config import Config
from mmengine.runner.checkpoint import _load_checkpoint_to_model

from mmfer.apis.model_index import find_config
from mmfer.apis.model_loading import test_scale
from mmfer.datasets.expressions import EXPRESSION_CLASSES, EXPRESSION_PALETTE
from mmfer.deployment import DeployedGraph, export_onnx, graph_predictions
from mmfer.models.dense_heads.deim_head import is_deim_style
from mmfer.models.utils import switch_to_deploy
from mmfer.recipes.pretrained_weights import strip_pretrained_files
from mmfer.utils.io import dump_json_atomic
from mmfer.utils.setup_env import register_all_modules

BACKENDS = ('pytorch', 'onnxruntime', 'openvino')


def faces_of(sample: DetDataSample, score_thr: float = 0.3,
             max_faces: Optional[int] = None) -> DetDataSample:
    """Keep one detection per query (a query is one face: its best class), with a score of at
    least ``score_thr``, at most ``max_faces`` of them, highest score first."""
    pred = sample.pred_instances
    if 'queries' in pred:
        order = pred.scores.argsort(descending=True)
        seen, keep = set(), []
        for i in order.tolist():
            query = int(pred.queries[i])
            if query not in seen:
                seen.add(query)
                keep.append(i)
        pred = pred[torch.as_tensor(keep, dtype=torch.long)]
    pred = pred[pred.scores >= score_thr]
    pred = pred[pred.scores.argsort(descending=True)]
    if max_faces is not None:
        pred = pred[:max_faces]
    sample.pred_instances = pred
    return sample


class FERInferencer(DetInferencer):
    """``DetInferencer`` for mmfer's expression detectors.

    ``model`` is a config path or a model name of mmfer's model index (its configs' names, e.g.
    ``natten-deim_hgnetv2-n-lite_8e_synth``, the main job), ``weights`` a checkpoint (the
    config's pretrained-weight paths are ignored: the checkpoint holds everything). Calling it
    on images (paths, a folder, arrays in BGR) returns, per image, the faces sorted by score,
    each a dict with ``bbox`` [x1, y1, x2, y2] in the image's pixels, ``label``,
    ``expression``, ``score`` and ``class_scores`` (the head's sigmoid score of every expression
    for that face: independent scores, not a distribution). ``pred_score_thr``
    (0.3) and ``max_faces`` (all) choose the faces; ``out_dir`` saves annotated images under
    ``vis/`` and the faces as JSON under ``preds/``; ``return_vis`` returns the drawings. The
    model is re-parameterised for inference (:func:`~mmfer.models.utils.switch_to_deploy`, the
    same detections, faster) unless ``deploy=False``. ``backend`` runs it in PyTorch
    (``'pytorch'``, any detector) or exports a DEIM-style one to ONNX at its test size and runs
    that graph in ``'onnxruntime'`` or ``'openvino'`` (:class:`~mmfer.deployment.DeployedGraph`;
    the deploy extra), with the same pipeline, drawing and output; ``graph`` names an exported
    (or quantised: tools/deployment/quantize_onnx.py) .onnx file to run instead, whose weights
    it holds.

    Examples:
        >>> inferencer = FERInferencer('natten-deim_hgnetv2-n-lite_8e_synth',
        ...                            weights='work_dirs/demo/epoch_8.pth')  # doctest: +SKIP
        >>> inferencer('face.jpg', pred_score_thr=0.3)['predictions'][0][0]['expression']
        ... # doctest: +SKIP
        'Happiness'
    """

    def __init__(self, model: Union[str, Config], weights: Optional[str] = None,
                 device: Optional[str] = None, show_progress: bool = False,
                 deploy: bool = True, backend: str = 'pytorch',
                 graph: Optional[str] = None) -> None:
        if backend not in BACKENDS:
            raise ValueError(f'backend must be one of {BACKENDS}, got {backend!r}')
        if graph is not None and backend == 'pytorch':
            raise ValueError('graph (an .onnx file) runs in onnxruntime or openvino: give backend')
        register_all_modules(init_default_scope=False)
        cfg = Config.fromfile(find_config(model)) if isinstance(model, str) else model.copy()
        cfg.model = strip_pretrained_files(cfg.model)
        cfg.visualizer = dict(type='FERVisualizer', name=f'fer_inferencer_{id(self)}',
                              vis_backends=[dict(type='LocalVisBackend')])
        self.max_faces = None
        self.score_thr = 0.3
        super().__init__(model=cfg, weights=weights, device=device, scope='mmfer',
                         palette=EXPRESSION_PALETTE, show_progress=show_progress)
        if deploy:
            switch_to_deploy(self.model)
        if backend == 'pytorch':
            self.graph = None
        elif graph is not None:
            if not osp.isfile(graph):
                raise FileNotFoundError(f'{graph}: no such graph file')
            self.graph = DeployedGraph(graph, backend)
        else:
            self.graph = self._export(backend)

    def _export(self, runtime: str) -> DeployedGraph:
        """The model as :func:`~mmfer.deployment.export_onnx`'s graph, in ``runtime``."""
        if not is_deim_style(self.model):
            raise ValueError(f'backend {runtime!r} runs DEIM-style detectors (DEIMHead); this '
                             f'one has a {type(self.model.bbox_head).__name__}: use pytorch')
        self._graph_dir = tempfile.TemporaryDirectory(prefix='mmfer_graph_')
        path = osp.join(self._graph_dir.name, 'model.onnx')
        with torch.no_grad():
            export_onnx(self.model.cpu(), path, test_scale(self.cfg),
                        self.model.bbox_head.test_cfg.get('max_per_img', 100))
        return DeployedGraph(path, runtime)

    def _load_weights_to_model(self, model, checkpoint: Optional[dict], cfg) -> None:
        """The checkpoint's weights; the expressions as classes (a 7-class model) or the
        checkpoint's own classes."""
        if checkpoint is not None:
            _load_checkpoint_to_model(model, checkpoint)
        meta = (checkpoint or {}).get('meta', {}).get('dataset_meta', {})
        classes = meta.get('classes')
        if classes is None or len(classes) != model.bbox_head.num_classes:
            classes = EXPRESSION_CLASSES if model.bbox_head.num_classes == 7 else [
                f'class {i}' for i in range(model.bbox_head.num_classes)]
        model.dataset_meta = dict(classes=tuple(classes), palette=list(EXPRESSION_PALETTE))

    def __call__(self, inputs, pred_score_thr: float = 0.3, max_faces: Optional[int] = None,
                 **kwargs) -> dict:
        self.score_thr, self.max_faces = pred_score_thr, max_faces
        return super().__call__(inputs, pred_score_thr=pred_score_thr, **kwargs)

    def forward(self, inputs, **kwargs) -> List[DetDataSample]:
        samples = super().forward(inputs, **kwargs) if self.graph is None else \
            self._run_graph(inputs)
        return [faces_of(sample, self.score_thr, self.max_faces) for sample in samples]

    def _run_graph(self, data: dict) -> List[DetDataSample]:
        """The pipeline's images (each (3, S, S) uint8 BGR) through the deployed graph; boxes
        clipped and scaled back to each original image as the PyTorch head does."""
        samples = []
        for image, sample in zip(data['inputs'], data['data_samples']):
            sample.pred_instances = graph_predictions(self.graph, image, sample.metainfo)
            samples.append(sample)
        return samples

    def annotate(self, image: np.ndarray, pred_score_thr: float = 0.3,
                 max_faces: Optional[int] = None) -> Tuple[List[dict], np.ndarray]:
        """One BGR image (H, W, 3) uint8 -> its faces (as :meth:`pred2dict`) and the image with
        them drawn (BGR, same size): what the image and video demos write."""
        sample = self(image, pred_score_thr=pred_score_thr, max_faces=max_faces,
                      return_datasamples=True)['predictions'][0]
        self.visualizer.add_datasample('image', image[:, :, ::-1], sample, draw_gt=False,
                                       pred_score_thr=0.0)
        return self.pred2dict(sample), self.visualizer.get_image()[:, :, ::-1]

    def pred2dict(self, data_sample: DetDataSample, pred_out_dir: str = '') -> Dict:
        classes = self.model.dataset_meta['classes']
        pred = data_sample.pred_instances.cpu()
        faces = [dict(bbox=[float(v) for v in box], label=int(label),
                      expression=classes[int(label)], score=float(score),
                      class_scores={name: float(s) for name, s in zip(classes, row)})
                 for box, label, score, row in zip(pred.bboxes, pred.labels, pred.scores,
                                                   pred.class_scores)]
        if pred_out_dir:
            if 'img_path' in data_sample:
                name = osp.splitext(osp.basename(data_sample.img_path))[0]
            else:
                name = f'{self.num_predicted_imgs:08d}'
                self.num_predicted_imgs += 1
            dump_json_atomic(dict(faces=faces), osp.join(pred_out_dir, 'preds', f'{name}.json'),
                             force=True)
        return faces
