"""What the DEIM transformer returns: typed outputs instead of dicts of string keys."""
from dataclasses import dataclass, fields
from typing import List, NamedTuple, Optional, Tuple

from torch import Tensor


class Predictions(NamedTuple):
    """One output's predictions for every query.

    Shapes: ``logits`` (B, Q, C) class logits (sigmoid scores); ``boxes`` (B, Q, 4) normalized
    (cx, cy, w, h); for the decoder layers also ``corners`` (B, Q, 4 * (reg_max + 1)), the
    edge-distribution logits, and ``refs`` (B, Q, 4), the layer-0 box they refine.
    """
    logits: Tensor
    boxes: Tensor
    corners: Optional[Tensor] = None
    refs: Optional[Tensor] = None

    def float(self) -> 'Predictions':
        """The same predictions in float32 (losses and matching costs under autocast)."""
        return Predictions(*(None if t is None else t.float() for t in self))


@dataclass
class DecoderOutputs:
    """The decoder's outputs, stacked over the L' kept layers (all in training, one in eval).

    Shapes: ``logits`` (L', B, Q, C), ``boxes`` (L', B, Q, 4), ``corners``
    (L', B, Q, 4 * (reg_max + 1)), ``refs`` (L', B, Q, 4); layer 0's first guess
    ``pre_logits`` (B, Q, C; None in eval mode, where nothing reads them) and ``pre_boxes``
    (B, Q, 4).
    """
    logits: Tensor
    boxes: Tensor
    corners: Tensor
    refs: Tensor
    pre_logits: Optional[Tensor]
    pre_boxes: Tensor

    def layers(self) -> List[Predictions]:
        """One :class:`Predictions` per kept layer, the last (final) one last."""
        return [Predictions(*(getattr(self, k)[i] for k in ('logits', 'boxes', 'corners', 'refs')))
                for i in range(len(self.logits))]

    def pre(self) -> Predictions:
        return Predictions(self.pre_logits, self.pre_boxes)

    def float(self) -> 'DecoderOutputs':
        """Every tensor in float32."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return DecoderOutputs(**{k: None if v is None else v.float() for k, v in values.items()})

    def split(self, num_first: int) -> Tuple['DecoderOutputs', 'DecoderOutputs']:
        """Split along the query axis into the first ``num_first`` queries and the rest."""
        first, rest = {}, {}
        for f in fields(self):
            value = getattr(self, f.name)
            dim = value.dim() - 2  # the query axis: (..., Q, D)
            first[f.name], rest[f.name] = value.split(
                [num_first, value.shape[dim] - num_first], dim=dim)
        return DecoderOutputs(**first), DecoderOutputs(**rest)


@dataclass
class DEIMOutputs:
    """Everything the transformer computed for the matching (and denoising) queries.

    ``decoder``: the matching queries' decoder outputs. In training only: ``enc``, the
    encoder's predictions for the selected queries (logits (B, Q, C), boxes (B, Q, 4)), and
    ``dn``, the denoising queries' decoder outputs when there were any.
    """
    decoder: DecoderOutputs
    enc: Optional[Predictions] = None
    dn: Optional[DecoderOutputs] = None

    def float(self) -> 'DEIMOutputs':
        """Every tensor in float32: under fp16 autocast a confident logit (about 8 and up)
        makes the matching cost ``log(1 - p)`` infinite and the box and distribution losses
        lose precision, so losses and matching read float32 copies (the graph stays)."""
        return DEIMOutputs(self.decoder.float(), None if self.enc is None else self.enc.float(),
                           None if self.dn is None else self.dn.float())
