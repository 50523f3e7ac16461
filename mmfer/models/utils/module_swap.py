"""Swapping submodules in place: the one walk that deploy-time and benchmark rewrites share."""
from typing import Callable

from torch import nn


def replace_children(model: nn.Module, match: Callable[[nn.Module], bool],
                     make: Callable[[nn.Module], nn.Module]) -> int:
    """Replace, in place, every submodule of ``model`` (at any depth) for which ``match`` is
    true by ``make(submodule)``, and return how many were replaced.

    The matches are found before any is replaced, so a replacement's own children are not
    visited. ``model`` itself is never replaced.
    """
    found = [(parent, name, child) for parent in model.modules()
             for name, child in parent.named_children() if match(child)]
    for parent, name, child in found:
        setattr(parent, name, make(child))
    return len(found)
