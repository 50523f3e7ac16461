"""Catching misspelled config keys before anything is built, with the nearest valid key.

MMEngine merges ``--cfg-options`` into a config silently, creating whatever key is given, and
a misspelled argument in a config file surfaces as a ``TypeError`` deep inside a constructor.
:func:`check_config` walks a config: every dict with a ``type`` that a registry knows must use
only its class's arguments (unless the class takes ``**kwargs``); :func:`check_cfg_options`
checks that every overridden key exists in the config or is an argument of the class it
configures.
"""
import inspect
from typing import List, Optional

from mmengine.config import Config

from mmfer import registry
from mmfer.utils.spelling import nearest

# the registry a dict's `type` is looked up in, by the key it sits under
_REGISTRY_BY_KEY = dict(
    model=registry.MODELS, backbone=registry.MODELS, neck=registry.MODELS,
    bbox_head=registry.MODELS, rpn_head=registry.MODELS, roi_head=registry.MODELS,
    data_preprocessor=registry.MODELS, batch_augments=registry.MODELS,
    dataset=registry.DATASETS, pipeline=registry.TRANSFORMS, train_pipeline=registry.TRANSFORMS,
    test_pipeline=registry.TRANSFORMS, load_pipeline=registry.TRANSFORMS,
    sampler=registry.DATA_SAMPLERS, batch_sampler=registry.DATA_SAMPLERS,
    custom_hooks=registry.HOOKS, default_hooks=registry.HOOKS,
    param_scheduler=registry.PARAM_SCHEDULERS, optimizer=registry.OPTIMIZERS,
    optim_wrapper=registry.OPTIM_WRAPPERS, val_evaluator=registry.METRICS,
    test_evaluator=registry.METRICS, visualizer=registry.VISUALIZERS,
    vis_backends=registry.VISBACKENDS, train_cfg=registry.LOOPS, val_cfg=registry.LOOPS,
    test_cfg=registry.LOOPS, assigner=registry.TASK_UTILS, match_costs=registry.TASK_UTILS,
    bbox_coder=registry.TASK_UTILS)
# nested under these, a `type` belongs to the same registry as its parent's
_INHERIT = {'model'}
# layer specs that builders read with extra keys of their own (norm_cfg's requires_grad, ...)
_NOT_CHECKED = {'norm_cfg', 'conv_cfg', 'act_cfg', 'init_cfg', 'plugins'}
# keys a registry's builder consumes before the class sees the rest
_BUILDER_KEYS = {id(registry.PARAM_SCHEDULERS): {'convert_to_iter_based'},
                 id(registry.OPTIM_WRAPPERS): {'constructor', 'paramwise_cfg'},
                 id(registry.HOOKS): {'priority'}}


class ConfigKeyError(ValueError):
    """A config key that nothing reads: most likely misspelled."""


def class_of(type_name, reg):
    if not isinstance(type_name, str):
        return type_name if inspect.isclass(type_name) else None
    try:
        return reg.get(type_name)
    except Exception:  # a type of another scope, or a registry that cannot import it
        return None


def accepted_arguments(cls) -> Optional[List[str]]:
    """The keyword arguments ``cls`` takes (its __init__ and its bases'), or None if any
    level takes ``**kwargs`` it does not pass on knowingly (anything may be valid then)."""
    names = []
    for klass in inspect.getmro(cls):
        init = klass.__dict__.get('__init__')
        if init is None:
            continue
        try:
            params = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):
            return None
        names += [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            return names
    return None


def _walk(node, path: str, reg, source: str, problems: list) -> None:
    if isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            _walk(item, f'{path}.{i}', reg, source, problems)
        return
    if not isinstance(node, dict):
        return
    cls = class_of(node['type'], reg) if 'type' in node and reg is not None else None
    allowed = accepted_arguments(cls) if cls is not None else None
    if allowed is not None:
        allowed = allowed + sorted(_BUILDER_KEYS.get(id(reg), ()))
        for key in node:
            if key not in allowed and key not in ('type', '_scope_', '_delete_'):
                problems.append(f"{source}: {path}.{key}: {cls.__name__} has no argument "
                                f"'{key}'{nearest(key, allowed)}")
    for key, value in node.items():
        if key in _NOT_CHECKED:
            continue
        child_reg = _REGISTRY_BY_KEY.get(key, reg if path.split('.')[0] in _INHERIT else None)
        _walk(value, f'{path}.{key}', child_reg, source, problems)


def check_config(cfg: Config, source: str = 'config') -> None:
    """Raise :class:`ConfigKeyError` listing every argument no class takes.

    Only dicts whose ``type`` a registry of mmfer's scope (or its parents) knows are checked.
    """
    problems = []
    for key, value in (cfg._cfg_dict if isinstance(cfg, Config) else cfg).items():
        _walk(value, key, _REGISTRY_BY_KEY.get(key), source, problems)
    if problems:
        raise ConfigKeyError('\n'.join(problems))


def _registry_at(path: List[str]):
    """The registry a dict at ``path`` (keys and list indices from the root) belongs to."""
    reg = None
    for key in path:
        if not key.isdigit():
            reg = _REGISTRY_BY_KEY.get(key, reg if path[0] in _INHERIT else None)
    return reg


def runner_keys() -> List[str]:
    from mmengine.runner import Runner
    return accepted_arguments(Runner) or []


def check_cfg_options(cfg: Config, options: Optional[dict]) -> None:
    """Raise :class:`ConfigKeyError` for an overridden key that the config lacks and that is
    no argument of the class it would configure (``model.bbox_head.num_clases=5``): a new
    top-level key must be one mmengine's runner reads; a new key of a dict with a registered
    ``type`` must be one of its class's arguments. Dicts without a type (``env_cfg``, ...) take
    anything."""
    root = cfg._cfg_dict if isinstance(cfg, Config) else cfg
    for dotted in options or {}:
        node, path = root, []
        for part in dotted.split('.'):
            if isinstance(node, (list, tuple)):
                if not (part.isdigit() and int(part) < len(node)):
                    raise ConfigKeyError(f'--cfg-options {dotted}: {".".join(path)} is a list '
                                         f'of {len(node)}, and {part!r} is no index of it')
                node = node[int(part)]
            elif isinstance(node, dict):
                if part in node:
                    node = node[part]
                else:
                    if not path:
                        allowed = runner_keys()
                    else:
                        reg = _registry_at(path)
                        cls = class_of(node.get('type'), reg)
                        allowed = accepted_arguments(cls) if cls is not None else None
                        if allowed is not None:
                            allowed = allowed + sorted(_BUILDER_KEYS.get(id(reg), ()))
                    if allowed is not None and part not in allowed:
                        where = '.'.join(path) or 'the config'
                        raise ConfigKeyError(
                            f"--cfg-options {dotted}: {where} has no key '{part}'"
                            f"{nearest(part, list(node) + list(allowed))}")
                    break
            else:
                raise ConfigKeyError(f'--cfg-options {dotted}: {".".join(path)} is a '
                                     f'{type(node).__name__}, it has no keys')
            path.append(part)
