"""DEIM / D-FINE checkpoints -> mmfer's DEIM (HGNetV2 + HybridEncoder + DEIMHead).

The key map is a list of rules, read top to bottom; the first whose pattern matches a source
key renames it (or drops it, with the reason). A key that no rule matches is an error: nothing
of a source checkpoint is ever ignored silently.

Source (DEIM / D-FINE) -> mmfer, ``<i>`` a layer index; conv + BN layers: ``norm`` -> ``bn``:

- ``backbone.stem.*``, ``backbone.stages.<i>.*`` -> ``backbone.ebb.stem.*``,
  ``backbone.ebb.stages_<i>.*`` (timm's features_only HGNetV2)
- ``encoder.input_proj.<i>.*`` -> ``neck.input_proj.<i>.*``
- ``encoder.encoder.<i>.layers.<j>.{self_attn, linear1, linear2, norm1, norm2}.*`` ->
  ``neck.encoders.<i>.<j>.{self_attn.attn, ffn.layers.0.0, ffn.layers.1, norms.0, norms.1}.*``
- ``encoder.downsample_convs.<i>.0.*`` -> ``neck.downsample_convs.<i>.*``
- ``encoder.{lateral_convs, fpn_blocks, pan_blocks}.*`` -> ``neck.<same>.*``
- ``decoder.{input_proj, enc_output, enc_bbox_head}.*`` -> ``bbox_head.transformer.<same>.*``
- ``decoder.enc_score_head.*`` -> ``bbox_head.transformer.enc_cls_head.*``
- ``decoder.decoder.layers.<i>.{gateway, linear1, linear2}.*`` ->
  ``bbox_head.transformer.decoder.layers.<i>.{gate, ffn.0, ffn.3}.*``; the layer's other
  parts (self_attn, norm1, cross_attn, norm3) keep their names
- ``decoder.decoder.lqe_layers.<i>.reg_conf.*`` ->
  ``bbox_head.transformer.decoder.lqe_layers.<i>.mlp.*``
- ``decoder.{query_pos_head, pre_bbox_head}.*`` -> ``bbox_head.transformer.decoder.<same>.*``
- ``decoder.dec_score_head.<i>.*``, ``decoder.dec_bbox_head.<i>.*`` ->
  ``bbox_head.transformer.decoder.cls_heads.<i>.*``, ``....reg_heads.<i>.*``
- ``decoder.denoising_class_embed.weight`` (K + 1, C) ->
  ``bbox_head.dn_generator.label_embedding.weight`` (K, C): row K is DEIM's padding row
  (zeros, never used)
- dropped: ``decoder.{up, reg_scale}`` and ``decoder.decoder.{up, reg_scale}`` (FDR constants,
  set by the config's bbox_coder), ``decoder.{anchors, valid_mask}`` (made for one input size;
  recomputed for every input), ``decoder.decoder.layers.<i>.cross_attn.num_points_scale``
  (derived from num_points)
"""
import re
from typing import Dict, List, Optional, Tuple

from torch import Tensor

from mmfer.utils.state_dict import StateDict, show_keys

_DROP = object()
_T = 'bbox_head.transformer.'
_D = 'bbox_head.transformer.decoder.'
_LAYER = r'^decoder\.decoder\.layers\.(\d+)\.'
_ENC_LAYER = r'^encoder\.encoder\.(\d+)\.layers\.(\d+)\.'

# (pattern, replacement or _DROP, reason for a drop)
RULES: List[Tuple[str, object, str]] = [
    (r'^backbone\.stem\.', 'backbone.ebb.stem.', ''),
    (r'^backbone\.stages\.(\d+)\.', r'backbone.ebb.stages_\1.', ''),
    (r'^encoder\.input_proj\.(\d+)\.', r'neck.input_proj.\1.', ''),
    (_ENC_LAYER + r'self_attn\.', r'neck.encoders.\1.\2.self_attn.attn.', ''),
    (_ENC_LAYER + r'linear1\.', r'neck.encoders.\1.\2.ffn.layers.0.0.', ''),
    (_ENC_LAYER + r'linear2\.', r'neck.encoders.\1.\2.ffn.layers.1.', ''),
    (_ENC_LAYER + r'norm1\.', r'neck.encoders.\1.\2.norms.0.', ''),
    (_ENC_LAYER + r'norm2\.', r'neck.encoders.\1.\2.norms.1.', ''),
    (r'^encoder\.downsample_convs\.(\d+)\.0\.', r'neck.downsample_convs.\1.', ''),
    (r'^encoder\.(lateral_convs|fpn_blocks|pan_blocks)\.', r'neck.\1.', ''),
    (r'^decoder\.(decoder\.)?(up|reg_scale)$', _DROP,
     'FDR constant, set by the config (bbox_coder)'),
    (r'^decoder\.(anchors|valid_mask)$', _DROP,
     'anchors made for one input size; recomputed for every input'),
    (_LAYER + r'cross_attn\.num_points_scale$', _DROP, 'derived from num_points'),
    (r'^decoder\.input_proj\.(\d+)\.', _T + r'input_proj.\1.', ''),
    (r'^decoder\.(enc_output|enc_bbox_head)\.', _T + r'\1.', ''),
    (r'^decoder\.enc_score_head\.', _T + 'enc_cls_head.', ''),
    (_LAYER + r'gateway\.', _D + r'layers.\1.gate.', ''),
    (_LAYER + r'linear1\.', _D + r'layers.\1.ffn.0.', ''),
    (_LAYER + r'linear2\.', _D + r'layers.\1.ffn.3.', ''),
    (_LAYER, _D + r'layers.\1.', ''),
    (r'^decoder\.decoder\.lqe_layers\.(\d+)\.reg_conf\.', _D + r'lqe_layers.\1.mlp.', ''),
    (r'^decoder\.(query_pos_head|pre_bbox_head)\.', _D + r'\1.', ''),
    (r'^decoder\.dec_score_head\.', _D + 'cls_heads.', ''),
    (r'^decoder\.dec_bbox_head\.', _D + 'reg_heads.', ''),
    (r'^decoder\.denoising_class_embed\.weight$',
     'bbox_head.dn_generator.label_embedding.weight', ''),
]
# conv + BN layers are MMCV ConvModules in mmfer: their norm is called `bn`
_CONV_NORM = re.compile(r'^(neck\.(?!encoders\.).*|bbox_head\.transformer\.input_proj\..*)'
                        r'\.norm\.(\w+)$')
# weights whose shape depends on the number of classes
CLASS_KEYS = re.compile(r'^decoder\.(enc_score_head|dec_score_head\.\d+|'
                        r'denoising_class_embed)\.')
LABEL_EMBEDDING = 'decoder.denoising_class_embed.weight'


def map_key(key: str) -> Tuple[Optional[str], str]:
    """``(mmfer key, '')`` for a DEIM key, ``(None, reason)`` for a dropped one.

    Raises:
        KeyError: no rule knows the key.
    """
    for pattern, replacement, reason in RULES:
        if re.search(pattern, key):
            if replacement is _DROP:
                return None, reason
            return _CONV_NORM.sub(r'\1.bn.\2', re.sub(pattern, replacement, key)), ''
    raise KeyError(key)


def source_num_classes(state: StateDict) -> int:
    if 'decoder.enc_score_head.weight' not in state:
        raise ValueError('not a DEIM / D-FINE detector state dict: it has no '
                         '"decoder.enc_score_head.weight" (top keys: '
                         f'{show_keys(sorted(state), 5)})')
    return int(state['decoder.enc_score_head.weight'].shape[0])


def convert_deim_state_dict(state: StateDict,
                            num_classes: Optional[int] = None) -> Dict[str, object]:
    """Convert a DEIM / D-FINE detector state dict to mmfer's key layout.

    Args:
        state: the source's model or EMA state dict.
        num_classes: the target's classes; when it differs from the source's, the
            class-dependent weights (class heads, denoising label embedding) are left out so
            that the target initialises them for its own classes.

    Returns:
        dict: ``state`` (mmfer keys), ``mapped`` [(source key, mmfer key)], ``dropped``
        [(source key, reason)], ``num_classes`` (the source's).

    Raises:
        ValueError: keys that no rule knows (all listed).
    """
    src_classes = source_num_classes(state)
    keep_classes = num_classes is None or num_classes == src_classes
    out, mapped, dropped, unknown = {}, [], [], []
    for key, value in state.items():
        if not keep_classes and CLASS_KEYS.search(key):
            dropped.append((key, f'class-dependent ({src_classes} classes in the source, '
                                 f'{num_classes} in the target)'))
            continue
        try:
            new_key, reason = map_key(key)
        except KeyError:
            unknown.append(key)
            continue
        if new_key is None:
            dropped.append((key, reason))
            continue
        if key == LABEL_EMBEDDING:
            value = drop_padding_row(value, src_classes)
        out[new_key] = value
        mapped.append((key, new_key))
    if unknown:
        raise ValueError(f'{len(unknown)} keys of the source are not part of a DEIM / D-FINE '
                         f'HGNetV2 detector that mmfer knows: {show_keys(unknown)}')
    return dict(state=out, mapped=mapped, dropped=dropped, num_classes=src_classes)


def drop_padding_row(embedding: Tensor, num_classes: int) -> Tensor:
    """DEIM's label embedding has a padding row at index K; mmdet's generator has K rows."""
    if embedding.shape[0] != num_classes + 1:
        raise ValueError(f'{LABEL_EMBEDDING} has {embedding.shape[0]} rows, expected '
                         f'{num_classes} classes + 1 padding row')
    return embedding[:num_classes].clone()


def fit_to_model(state: StateDict, own: StateDict, strict: bool = True) -> Dict[str, list]:
    """Check converted weights against a model's state dict (``own``).

    With ``strict`` every weight must exist in the model with the same shape (a ValueError
    names every key that does not); model keys without a weight are reported. Without it,
    the weights that do not fit are left out and listed (e.g. DEIM's encoder when the target
    is Natten-DEIM, whose neck is new).

    Returns:
        dict: ``state`` (what loads), ``not_in_model`` [keys], ``shape_mismatch``
        [(key, source shape, model shape)], ``left_at_init`` [model keys without a weight].
    """
    not_in_model = sorted(k for k in state if k not in own)
    mismatch = sorted((k, tuple(state[k].shape), tuple(own[k].shape))
                      for k in state if k in own and state[k].shape != own[k].shape)
    if strict and (not_in_model or mismatch):
        problems = []
        if not_in_model:
            problems.append(f'not in the model ({len(not_in_model)}): '
                            f'{show_keys(not_in_model)}')
        if mismatch:
            problems.append(f'shape mismatch ({len(mismatch)}): ' + show_keys(
                [f'{k} {s} vs {m}' for k, s, m in mismatch]))
        raise ValueError('the converted weights do not fit the config: ' + '; '.join(problems))
    bad = set(not_in_model) | {k for k, _, _ in mismatch}
    kept = {k: v for k, v in state.items() if k not in bad}
    left = sorted(k for k in own if k not in kept and not k.endswith('num_batches_tracked'))
    return dict(state=kept, not_in_model=not_in_model, shape_mismatch=mismatch,
                left_at_init=left)
