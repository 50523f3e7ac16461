"""A ported row config as a file: its port arguments in its header, its entries written out.

A row config of Table 1 starts with comment lines, then ``# port:`` lines that say how it was
ported (``key=value`` words)::

    # YOLOX-S on RAF-DB at 320 px, 72 epochs.
    # port: recipe=mmdet::yolox/yolox_s_8xb8-300e_coco.py data=rafdb img_scale=320
    # port: max_epochs=72 parent=./yolox_s_72e_rafdb.py

``recipe`` (MMDetection's config), ``data`` (synth / rafdb), ``img_scale`` (the square side),
``max_epochs``; optional ``pretrained`` (True / False), ``recipe_batch``, ``model.<key>`` (a
change to the model, as DINO's ``model.num_queries=100``) and ``parent`` (a row config of the
same folder this one inherits from; else it inherits the recipe). The rest of the file is what
:func:`~mmfer.recipes.mmdet_recipes.on_face_data` changes, written as the entries over the
parent that resolve to it (:mod:`.config_writer`).
"""
import ast
import os.path as osp
import tempfile
from typing import Dict, List, Tuple

from mmengine.config import Config

from .config_writer import config_text, merged, override
from .mmdet_recipes import on_face_data

PORT_PREFIX = '# port:'
REQUIRED = ('recipe', 'data', 'img_scale', 'max_epochs')


def read_header(path: str) -> Tuple[List[str], Dict[str, object]]:
    """(the leading comment lines other than the port lines, without ``#``; the port
    arguments) of the config file at ``path``.

    Raises:
        ValueError: no ``# port:`` line, a word that is not ``key=value``, or a required
            argument missing.
    """
    comments, args = [], {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.startswith('#'):
                break
            if line.startswith(PORT_PREFIX):
                for word in line[len(PORT_PREFIX):].split():
                    key, sep, value = word.partition('=')
                    if not sep:
                        raise ValueError(f'{path}: port argument {word!r} is not key=value')
                    args[key] = _value(value)
            else:
                comments.append(line[1:].strip('\n')[1:] if line.startswith('# ') else '')
    if not args:
        raise ValueError(f'{path}: no "{PORT_PREFIX}" line says how to port it')
    missing = [k for k in REQUIRED if k not in args]
    if missing:
        raise ValueError(f'{path}: the port lines lack {", ".join(missing)}')
    return comments, args


def _value(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def port_lines(args: Dict[str, object], width: int = 100) -> List[str]:
    """The ``port:`` lines (without ``#``) that give ``args``, wrapped at ``width``."""
    words = [f'{k}={v}' for k, v in args.items()]
    lines, current = [], 'port:'
    for word in words:
        if len(current) + 1 + len(word) + 2 > width and current != 'port:':
            lines.append(current)
            current = 'port:'
        current += ' ' + word
    return lines + [current]


def load_config(name: str) -> dict:
    """The config ``name`` (a path, or ``mmdet::...`` in the installed package) resolved as a
    child file's ``_base_``: mmengine then marks a package's parts with its scope
    (``_scope_='mmdet'``), which a child's entries must override like any other key."""
    with tempfile.TemporaryDirectory() as tmp:
        child = osp.join(tmp, 'child.py')
        with open(child, 'w', encoding='utf-8') as f:
            f.write(f"_base_ = {name if '::' in name else osp.abspath(name)!r}\n")
        return Config.fromfile(child).to_dict()


def ported_config(args: Dict[str, object]) -> dict:
    """The resolved config (as a dict) that porting ``args['recipe']`` with ``args`` gives."""
    recipe = load_config(str(args['recipe']))
    model = {}
    for key, value in args.items():
        if key.startswith('model.'):
            model[key[len('model.'):]] = value
    side = int(args['img_scale'])
    entries = on_face_data(recipe, data=str(args['data']), img_scale=(side, side),
                           max_epochs=int(args['max_epochs']),
                           pretrained=bool(args.get('pretrained', True)),
                           recipe_batch=args.get('recipe_batch'), model=model or None)
    return merged(recipe, entries)


def port_text(path: str) -> str:
    """The text of the config at ``path`` ported again from its header's arguments."""
    comments, args = read_header(path)
    target = ported_config(args)
    parent = args.get('parent')
    base = str(parent or args['recipe'])
    resolved_parent = load_config(osp.join(osp.dirname(path), base) if parent else base)
    return config_text(base, override(resolved_parent, target),
                       comments + port_lines(args))
