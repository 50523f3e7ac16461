"""Suggesting the name a user probably meant."""
import difflib
from typing import Iterable


def nearest(key: str, options: Iterable[str]) -> str:
    """"; did you mean 'x'?" for the closest of ``options``, or ''.

    >>> nearest('lerning_rate', ['learning_rate', 'momentum'])
    "; did you mean 'learning_rate'?"
    """
    match = difflib.get_close_matches(key, sorted(set(options)), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ''
