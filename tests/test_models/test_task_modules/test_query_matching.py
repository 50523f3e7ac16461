import torch

from mmfer.models.layers.denoising import denoising_indices
from mmfer.models.task_modules.query_matching import union_indices


def pairs(indices):
    return [sorted(zip(q.tolist(), t.tolist())) for q, t in indices]


def test_union_keeps_every_matched_query_with_its_most_frequent_target():
    t = torch.tensor
    final = [(t([3, 5]), t([0, 1])), (t([], dtype=torch.long), t([], dtype=torch.long))]
    aux = [(t([3, 7]), t([1, 1])), (t([2]), t([0]))]
    pre = [(t([3]), t([1])), (t([2]), t([0]))]
    union = union_indices([final, aux, pre])
    # query 3: target 1 twice, 0 once -> 1; queries 5 and 7 kept; image 2: query 2
    assert pairs(union) == [[(3, 1), (5, 1), (7, 1)], [(2, 0)]]


def test_union_ties_go_to_the_first_matching():
    t = torch.tensor
    union = union_indices([[(t([4]), t([0]))], [(t([4]), t([1]))]])
    assert pairs(union) == [[(4, 0)]]


def test_denoising_indices_follow_the_group_layout():
    meta = dict(num_denoising_groups=3, max_num_target=2)
    idx = denoising_indices([2, 1], meta)
    # group g's positives start at 2 * g * max_num_target; negatives follow them
    assert pairs(idx) == [sorted([(0, 0), (1, 1), (4, 0), (5, 1), (8, 0), (9, 1)]),
                          [(0, 0), (4, 0), (8, 0)]]
