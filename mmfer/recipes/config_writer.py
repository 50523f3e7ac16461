"""Writing a config as ordinary ``_base_`` inheritance: the entries a child must state so that,
merged over its parent as mmengine merges them, it resolves to a given config.

mmengine merges a child's dict into its parent's key by key (recursively), unless the dict
carries ``_delete_=True``; any other value (a list, a tuple, a number) replaces the parent's.
"""
from typing import Any, Dict, Sequence

from mmengine.config import Config

_MISSING = object()


def override(parent: dict, target: dict) -> Dict[str, Any]:
    """The smallest top-level entries that turn the resolved ``parent`` into ``target``.

    A dict is written key by key where it keeps its parent's ``type`` and every key of its
    parent; otherwise whole, with ``_delete_=True``.

    >>> override(dict(model=dict(type='A', depth=50, frozen=1), lr=0.1),
    ...          dict(model=dict(type='A', depth=18, frozen=1), lr=0.1))
    {'model': {'depth': 18}}
    >>> override(dict(loader=dict(type='Coco', ann='a')), dict(loader=dict(type='RAFDB')))
    {'loader': {'type': 'RAFDB', '_delete_': True}}
    """
    return {key: _override_value(parent.get(key, _MISSING), value)
            for key, value in target.items() if parent.get(key, _MISSING) != value}


def _override_value(parent: Any, target: Any) -> Any:
    if not isinstance(target, dict):
        return target
    if not isinstance(parent, dict):
        # mmengine refuses a dict over another value unless told to replace it
        return target if parent is _MISSING else dict(target, _delete_=True)
    if parent.get('type') != target.get('type') or parent.keys() - target.keys():
        return dict(target, _delete_=True)
    return override(parent, target)


def merged(parent: dict, child: dict) -> dict:
    """``child`` merged over ``parent`` as a config file's entries over its ``_base_``."""
    return Config._merge_a_into_b(Config(child).to_dict(), Config(parent).to_dict())


def config_text(base: str, entries: dict, header: Sequence[str] = (), width: int = 100) -> str:
    """A config file: ``header`` (comment lines, without ``#``), ``_base_ = base`` and the
    ``entries``, written as MMDetection's configs are (``dict(type=..., ...)``, a line as long
    as ``width`` allows)."""
    lines = [f'# {line}'.rstrip() for line in header]
    lines += [f"_base_ = '{base}'", '']
    lines += [f'{key} = {python_literal(value, len(key) + 3, width)}'
              for key, value in entries.items()]
    return '\n'.join(lines) + '\n'


def python_literal(value: Any, column: int = 0, width: int = 100, indent: int = 0) -> str:
    """``value`` as Python source starting at ``column`` of a line indented by ``indent``: on
    that line if it fits in ``width``, else one item a line, four spaces deeper.

    >>> python_literal(dict(type='Resize', scale=(640, 640), keep_ratio=True))
    "dict(type='Resize', scale=(640, 640), keep_ratio=True)"
    >>> print(python_literal([dict(type='A', x=1), dict(type='B')], width=24))
    [
        dict(type='A', x=1),
        dict(type='B'),
    ]
    """
    flat = _literal(value)
    if column + len(flat) <= width or not isinstance(value, (dict, list, tuple)):
        return flat
    start, items, end = _items(value)
    inner = indent + 4
    # each item is followed by a comma
    parts = [' ' * inner + k + python_literal(v, inner + len(k), width - 1, inner)
             for k, v in items]
    return start + '\n' + ',\n'.join(parts) + ',\n' + ' ' * indent + end.lstrip(',')


def _items(value):
    """(open, [(key or None, item)], close) of a container; ``type`` and ``_delete_`` first."""
    if isinstance(value, dict):
        first = [k for k in ('_delete_', 'type') if k in value]
        keys = first + [k for k in value if k not in first]
        if all(isinstance(k, str) and k.isidentifier() for k in keys):
            return 'dict(', [(f'{k}=', value[k]) for k in keys], ')'
        return '{', [(f'{k!r}: ', value[k]) for k in keys], '}'
    if isinstance(value, tuple):
        return '(', [('', v) for v in value], ',)' if len(value) == 1 else ')'
    return '[', [('', v) for v in value], ']'


def _literal(value: Any) -> str:
    """``value`` on one line."""
    if not isinstance(value, (dict, list, tuple)):
        return repr(value)
    start, items, end = _items(value)
    return start + ', '.join(k + _literal(v) for k, v in items) + end
