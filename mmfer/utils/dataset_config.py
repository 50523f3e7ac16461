"""Reading dataset configs through their wrappers."""

# the keys under which a dataset config holds another: a wrapper's (MultiImageMixDataset,
# RepeatDataset, ...) ``dataset``, and the face detection set a FaceCropDataset crops (``faces``)
INNER_KEYS = ('dataset', 'faces')


def innermost_dataset(dataset: dict) -> dict:
    """The dataset config that ``dataset`` wraps, however deep: the one that reads files.

    >>> innermost_dataset(dict(type='RepeatDataset', times=2, dataset=dict(
    ...     type='FaceCropDataset', faces=dict(type='RAFDBDataset', ann_file='a.json'))))
    {'type': 'RAFDBDataset', 'ann_file': 'a.json'}
    """
    while True:
        inner = next((dataset[k] for k in INNER_KEYS if isinstance(dataset.get(k), dict)), None)
        if inner is None:
            return dataset
        dataset = inner
