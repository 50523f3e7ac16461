"""Comparing two query detectors' outputs, whose queries may come in different orders."""
import torch
from scipy.optimize import linear_sum_assignment
from torch import Tensor


def match_queries(boxes: Tensor, logits: Tensor, ref_boxes: Tensor, ref_logits: Tensor
                  ) -> Tensor:
    """The one-to-one matching of our queries to the reference's that minimises the distance
    of (box, logits): our index for each reference query. Shapes: boxes (Q, 4), logits (Q, C)
    and the same for the reference -> (Q,) long."""
    cost = torch.cdist(torch.cat([ref_boxes, ref_logits], -1), torch.cat([boxes, logits], -1))
    return torch.as_tensor(linear_sum_assignment(cost.numpy())[1])
