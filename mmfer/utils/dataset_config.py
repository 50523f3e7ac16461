"""Reading datasets, as configs or built, through their wrappers."""
from typing import Any

# the keys under which a dataset config holds another: a wrapper's (MultiImageMixDataset,
# RepeatDataset, ...) ``dataset``, and the face detection set a FaceCropDataset crops (``faces``)
INNER_KEYS = ('dataset', 'faces')


def wrapped(dataset: Any, key: str) -> Any:
    """What ``dataset`` (a config dict or a built dataset) wraps under ``key``, or None."""
    if isinstance(dataset, dict):
        inner = dataset.get(key)
        return inner if isinstance(inner, dict) else None
    inner = getattr(dataset, key, None)
    return inner if hasattr(inner, '__getitem__') and not isinstance(inner, (dict, str)) \
        else None


def innermost_dataset(dataset: Any) -> Any:
    """The dataset that ``dataset`` wraps, however deep: the one that reads files. Configs give
    a config, built datasets a built dataset.

    >>> innermost_dataset(dict(type='RepeatDataset', times=2, dataset=dict(
    ...     type='FaceCropDataset', faces=dict(type='RAFDBDataset', ann_file='a.json'))))
    {'type': 'RAFDBDataset', 'ann_file': 'a.json'}
    """
    while True:
        inner = next((w for w in (wrapped(dataset, k) for k in INNER_KEYS) if w is not None),
                     None)
        if inner is None:
            return dataset
        dataset = inner
