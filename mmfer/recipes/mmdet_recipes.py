"""MMDetection's published recipes moved onto mmfer's face data: Table 1's other rows.

A row config inherits an MMDetection COCO config from the installed package and lets
:func:`on_face_data` change what moving it needs, and nothing else::

    _base_ = 'mmdet::yolox/yolox_s_8xb8-300e_coco.py'
    from mmfer.recipes.mmdet_recipes import on_face_data  # noqa: E402

    locals().update(on_face_data(_base_, data='synth', img_scale=(160, 160), max_epochs=12))

What changes: the data (the datasets, splits and evaluators of mmfer's own data bases, so the
row is scored exactly as DEIM and Natten-DEIM are), the classes, the input scale (every size in
pixels of the pipelines, batch augments and anchors, in proportion), the schedule's length (its
warm-up, steps and phases kept as fractions of the run), and the pretrained backbone (a local
file, never a download). What stays: the model, its optimizer and its augmentation, the recipe
its authors published.
"""
import copy
import math
import os.path as osp
from typing import Any, Dict, Optional, Sequence

from mmengine.config import Config, ConfigDict

from mmfer.utils.dataset_config import innermost_dataset

from .pretrained_weights import from_scratch, with_local_pretrained

# COCO train2017's images with at least one box (CocoDataset with filter_empty_gt): the length
# the recipes' iteration counts were written for
COCO_TRAIN_IMAGES = 117266
# mmfer's data bases, by the name a row config gives
FACE_DATA = dict(synth='configs/_base_/datasets/synth.py',
                 rafdb='configs/_base_/datasets/face_detection.py')
# how often a row validates: as mmfer's DEIM recipes do on that data, so that every row's
# checkpoint is chosen among the same epochs
VAL_INTERVAL = dict(synth=1, rafdb=4)
# the arguments, per transform (or anchor generator, batch augment), that are sizes in pixels
SIZE_KEYS = {
    'Resize': ('scale',), 'RandomResize': ('scale',), 'RandomChoiceResize': ('scales',),
    'RandomCrop': ('crop_size',), 'RandomCenterCropPad': ('crop_size',),
    'Mosaic': ('img_scale',), 'CachedMosaic': ('img_scale',), 'MixUp': ('img_scale',),
    'MosaicAffine': ('img_scale',),
    'CachedMixUp': ('img_scale',), 'RandomAffine': ('border',), 'Pad': ('size',),
    'BatchFixedSizePad': ('size',), 'BatchSyncRandomResize': ('random_size_range',),
    'YOLOAnchorGenerator': ('base_sizes',),
}
# MMDetection 3.3 parts that cannot run as shipped, and the mmfer part that replaces each
FIXED_PARTS = {'SSDHead': 'PredictableSSDHead'}  # mmdet#11780: SSD cannot predict
# hooks whose arguments are epochs of the recipe
EPOCH_HOOK_KEYS = {'YOLOXModeSwitchHook': 'num_last_epochs', 'PipelineSwitchHook': 'switch_epoch'}


def on_face_data(recipe: Any, data: str, img_scale: Sequence[int], max_epochs: int,
                 pretrained: bool = True, recipe_batch: Optional[int] = None,
                 model: Optional[dict] = None) -> Dict[str, Any]:
    """The top-level config entries that move an MMDetection COCO ``recipe`` onto face data.

    Args:
        recipe: the parent config (``_base_`` inside a config file, or a ``Config``).
        data: ``'synth'`` (the synthetic set) or ``'rafdb'`` (converted RAF-DB).
        img_scale: (w, h) the recipe's input scale becomes: every pixel size of the recipe is
            multiplied by ``img_scale[1]`` / the recipe's own (its test resize's short side).
        max_epochs: the run's length; the schedule's phases keep their share of it.
        pretrained: keep the recipe's pretrained backbone, as a local file under
            ``checkpoints/`` named as the recipe's URL names it (a missing file is a clear
            error before training); False trains every part from scratch.
        recipe_batch: the total batch the recipe was published with, where its
            ``auto_scale_lr.base_batch_size`` does not say it (MMDetection's RTMDet configs
            keep the 16 of their base for a recipe run at 8 x 32); the lr scales from it.
        model: changes to the recipe's model that the face data needs, merged as a child
            config's ``model`` would be (e.g. DINO's ``num_queries`` at a small input).

    Returns:
        dict: ``model``, the three dataloaders, both evaluators, ``param_scheduler``,
        ``train_cfg``, ``custom_hooks``, ``default_hooks``, ``auto_scale_lr``,
        ``pretrained_weights`` ({local file: the recipe's URL}), ``default_scope``,
        ``custom_imports``, the recipe's own variables made true of the row, and every other
        part of the recipe moved into mmfer's scope, to merge over ``recipe``.

    Raises:
        ValueError: an unknown ``data``, or a recipe whose sizes cannot follow the scale.
    """
    if data not in FACE_DATA:
        raise ValueError(f'data must be one of {sorted(FACE_DATA)}, got {data!r}')
    recipe = _plain(recipe)
    if recipe_batch:
        recipe['auto_scale_lr'] = dict(recipe['auto_scale_lr'], base_batch_size=recipe_batch)
    faces = face_data_config(data)
    factor = img_scale[1] / recipe_scale(recipe)
    changes = model
    model = rescale_sizes(recipe['model'], factor)
    set_num_classes(model, len(faces['classes']))
    if model.get('bbox_head', {}).get('type') in FIXED_PARTS:
        model['bbox_head']['type'] = FIXED_PARTS[model['bbox_head']['type']]
    sources = {}
    if pretrained:
        model, sources = with_local_pretrained(model)
    else:
        model = from_scratch(model)
    if changes:
        model = Config._merge_a_into_b(copy.deepcopy(changes), model)
    # the recipe's model is in MMDetection's scope; a row's may hold mmfer's parts (a neck)
    model['_scope_'] = 'mmfer'
    schedule = rescale_schedule(recipe, max_epochs, factor, VAL_INTERVAL[data])
    # every other part of the recipe (loops, optimizer, visualizer, ...) is built in mmfer's
    # scope too: the validation loop builds mmfer's datasets
    in_mmfer_scope = {k: dict(_scope_='mmfer') for k, v in recipe.items() if isinstance(v, dict)}
    return dict(
        in_mmfer_scope,
        **recipe_variables(recipe, faces, factor, img_scale, max_epochs),
        default_scope='mmfer',
        auto_scale_lr=recipe['auto_scale_lr'],
        # where the recipe's pretrained weights come from, for the error a missing file gives
        pretrained_weights=sources,
        custom_imports=faces['custom_imports'],
        model=model,
        train_dataloader=move_loader(recipe['train_dataloader'], faces['train_dataloader'],
                                     factor),
        val_dataloader=move_loader(recipe['val_dataloader'], faces['val_dataloader'], factor),
        test_dataloader=move_loader(recipe['test_dataloader'], faces['test_dataloader'],
                                    factor),
        val_evaluator=faces['val_evaluator'],
        test_evaluator=faces['test_evaluator'],
        default_hooks=dict(checkpoint=dict(interval=1, max_keep_ckpts=2,
                                           save_best='coco/bbox_mAP_50', rule='greater'),
                           logger=dict(interval=20),
                           divergence=dict(type='DivergenceHook', max_skipped_steps=20),
                           random_state=dict(type='RandomStateHook'),
                           skipped_images=dict(type='SkippedImagesHook')),
        **schedule)


def _plain(cfg: Any):
    """A deep copy of a config (or a part of one) as plain dicts without ``_scope_``: the row
    runs in mmfer's scope, whose registries fall back to MMDetection's."""
    if isinstance(cfg, Config):
        cfg = cfg._cfg_dict
    if isinstance(cfg, ConfigDict):
        cfg = cfg.to_dict()
    if isinstance(cfg, dict):
        return {k: _plain(v) for k, v in cfg.items() if k != '_scope_'}
    if isinstance(cfg, (list, tuple)):
        return type(cfg)(_plain(v) for v in cfg)
    return cfg


def face_data_config(data: str) -> dict:
    """mmfer's data base ``data`` (its dataloaders, evaluators, classes), as plain dicts."""
    from mmfer.apis.model_index import configs_root
    from mmfer.datasets.expressions import EXPRESSION_CLASSES
    cfg = _plain(Config.fromfile(osp.join(configs_root(), FACE_DATA[data])))
    runtime = Config.fromfile(osp.join(configs_root(), 'configs/_base_/default_runtime.py'))
    cfg['custom_imports'] = _plain(runtime.custom_imports)
    cfg['classes'] = EXPRESSION_CLASSES
    return cfg


def recipe_variables(recipe: dict, faces: dict, factor: float, img_scale: Sequence[int],
                     max_epochs: int) -> Dict[str, Any]:
    """The recipe's own top-level variables (``max_epochs``, ``img_scale``, ``data_root``,
    ``train_pipeline``, ``tta_pipeline``, ...) made true of the row, so that the config as
    dumped does not describe COCO: what runs is read from the dataloaders, the model and the
    schedule, but a reader reads these too."""
    face_train = innermost_dataset(faces['train_dataloader']['dataset'])
    out = {}
    for key, value in recipe.items():
        if key == 'max_epochs':
            out[key] = max_epochs
        elif key == 'img_scale':
            out[key] = tuple(img_scale)
        elif key == 'data_root':
            out[key] = face_train['data_root']
        elif key == 'dataset_type':
            out[key] = face_train['type']
        elif key == 'train_dataset':
            out[key] = dict(_move_dataset(value, face_train, factor), _scope_='mmfer')
        elif 'pipeline' in key or key.endswith(('scale', 'scales')):
            out[key] = _scaled(value, factor) if _sizes(value) else rescale_sizes(value, factor)
    return out


def _sizes(value) -> bool:
    """A size (w, h) or a list of them."""
    return isinstance(value, (list, tuple)) and bool(value) and (
        _is_size(value) or all(isinstance(v, (list, tuple)) and _is_size(v) for v in value))


def recipe_scale(recipe: dict) -> int:
    """The recipe's input scale: the short side of its test resize (of its training resize
    or crop where its test keeps each image's size, as CenterNet's does).

    Raises:
        ValueError: the recipe resizes nowhere.
    """
    for pipeline in (_pipeline(recipe['test_dataloader']['dataset']),
                     _pipeline(recipe['train_dataloader']['dataset'])):
        for step in pipeline:
            for key in ('scale', 'crop_size', 'img_scale'):
                if isinstance(step.get(key), (tuple, list)) and _is_size(step[key]):
                    return min(step[key])
    raise ValueError('the recipe has no resize, crop or mosaic with a size in pixels')


def _is_size(value) -> bool:
    return len(value) == 2 and all(isinstance(v, int) for v in value)


def _pipeline(dataset: dict) -> list:
    """The pipeline that makes the images: a wrapper's (MultiImageMixDataset) when it has one."""
    while not dataset.get('pipeline') and isinstance(dataset.get('dataset'), dict):
        dataset = dataset['dataset']
    return dataset.get('pipeline') or []


def _scaled(value, factor: float):
    if isinstance(value, (list, tuple)):
        return type(value)(_scaled(v, factor) for v in value)
    return int(round(value * factor)) if isinstance(value, (int, float)) else value


def rescale_sizes(node, factor: float):
    """A copy of ``node`` (a pipeline, a model, any config part) with every pixel size of the
    transforms, batch augments and anchor generators in ``SIZE_KEYS`` multiplied by
    ``factor``; relative crops and ratios are left alone.

    >>> rescale_sizes([dict(type='Resize', scale=(640, 640)),
    ...                dict(type='RandomAffine', border=(-320, -320))], 0.25)
    [{'type': 'Resize', 'scale': (160, 160)}, {'type': 'RandomAffine', 'border': (-80, -80)}]

    Raises:
        ValueError: SSD's anchors at another scale (they are tied to its input size).
    """
    if isinstance(node, (list, tuple)):
        return type(node)(rescale_sizes(v, factor) for v in node)
    if not isinstance(node, dict):
        return node
    kind = node.get('type')
    if kind == 'SSDAnchorGenerator' and factor != 1:
        raise ValueError(f'SSD\'s anchors are tied to its input size ({node["input_size"]}): '
                         'train SSD at its own scale')
    keys = SIZE_KEYS.get(kind, ())
    if kind == 'RandomCrop' and not node.get('crop_type', 'absolute').startswith('absolute'):
        keys = ()
    return {k: _scaled(v, factor) if k in keys else rescale_sizes(v, factor)
            for k, v in node.items()}


def set_num_classes(node, num_classes: int) -> None:
    """Every ``num_classes`` of the model (its heads) becomes ``num_classes``, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == 'num_classes':
                node[key] = num_classes
            else:
                set_num_classes(value, num_classes)
    elif isinstance(node, (list, tuple)):
        for value in node:
            set_num_classes(value, num_classes)


def move_loader(recipe_loader: dict, face_loader: dict, factor: float) -> dict:
    """The recipe's dataloader on the face data: the face loader's dataset (type, files,
    filters), workers and sampler seeds, with the recipe's wrappers (but ``RepeatDataset``:
    an epoch is one pass over the faces), pipelines (rescaled) and batch size."""
    loader = copy.deepcopy(recipe_loader)
    for key in ('num_workers', 'persistent_workers'):
        loader[key] = face_loader.get(key, loader.get(key))
    loader['dataset'] = _move_dataset(loader['dataset'], innermost_dataset(face_loader['dataset']),
                                      factor)
    loader['_delete_'] = True
    return loader


def _move_dataset(dataset: dict, face: dict, factor: float) -> dict:
    while dataset.get('type') == 'RepeatDataset':
        dataset = dataset['dataset']
    pipeline = rescale_sizes(dataset.get('pipeline', []), factor)
    if isinstance(dataset.get('dataset'), dict):
        return dict(dataset, pipeline=pipeline,
                    dataset=_move_dataset(dataset['dataset'], face, factor))
    return dict(face, pipeline=pipeline)


def recipe_iterations(recipe: dict) -> int:
    """The recipe's length in iterations, as published: its epochs (times its
    ``RepeatDataset``'s repeats) of COCO train2017 at ``auto_scale_lr.base_batch_size``."""
    dataset, repeats = recipe['train_dataloader']['dataset'], 1
    while dataset.get('type') == 'RepeatDataset':
        repeats *= dataset.get('times', 1)
        dataset = dataset['dataset']
    batch = recipe['auto_scale_lr']['base_batch_size']
    return recipe['train_cfg']['max_epochs'] * repeats * math.ceil(COCO_TRAIN_IMAGES / batch)


def rescale_schedule(recipe: dict, max_epochs: int, factor: float = 1.0,
                     val_interval: int = 1) -> Dict[str, Any]:
    """The recipe's schedule over ``max_epochs``: ``param_scheduler`` as
    ``RunFractionScheduler``s, ``train_cfg`` (validating every ``val_interval`` epochs, for
    the checkpoint chosen on val), ``custom_hooks`` (the EMA's window and ramp as shares of the
    run; the epochs of mode and pipeline switches in proportion, switched pipelines
    rescaled)."""
    epochs = recipe['train_cfg']['max_epochs']
    iterations = recipe_iterations(recipe)

    def fraction(value, by_epoch: bool) -> float:
        return min(value / (epochs if by_epoch else iterations), 1.0)

    schedulers = []
    for scheduler in recipe.get('param_scheduler') or []:
        by_epoch = scheduler.get('by_epoch', True)
        inner = {k: v for k, v in scheduler.items()
                 if k not in ('by_epoch', 'convert_to_iter_based')}
        for key in ('begin', 'end', 'T_max'):
            if key in inner:
                inner[key] = fraction(inner[key], by_epoch)
        if 'milestones' in inner:
            inner['milestones'] = [fraction(m, by_epoch) for m in inner['milestones']]
        schedulers.append(dict(type='RunFractionScheduler', convert_to_iter_based=True,
                               scheduler=inner))
    hooks = [_rescale_hook(hook, epochs, iterations, max_epochs, factor)
             for hook in recipe.get('custom_hooks') or []]
    train_cfg = dict(type='EpochBasedTrainLoop', max_epochs=max_epochs,
                     val_interval=val_interval, _delete_=True)
    return dict(param_scheduler=schedulers, train_cfg=train_cfg, custom_hooks=hooks)


def _rescale_hook(hook: dict, epochs: int, iterations: int, max_epochs: int,
                  factor: float) -> dict:
    hook = rescale_sizes(hook, factor)
    kind = hook['type']
    if kind == 'EMAHook':
        if hook.get('ema_type') not in ('ExpMomentumEMA', None):
            raise ValueError(f'EMAHook with {hook["ema_type"]}: only ExpMomentumEMA is rescaled')
        momentum, gamma = hook.get('momentum', 0.0002), hook.get('gamma', 2000)
        rest = {k: v for k, v in hook.items()
                if k not in ('type', 'ema_type', 'momentum', 'gamma')}
        return dict(type='RunLengthEMAHook', window_ratio=min(1 / momentum / iterations, 1.0),
                    warmup_ratio=min(gamma / iterations, 1.0), **rest)
    if kind in EPOCH_HOOK_KEYS:
        key = EPOCH_HOOK_KEYS[kind]
        share = hook[key] / epochs
        hook[key] = max(1, int(round(share * max_epochs)))
    return hook

