"""Results derived from long-lived objects (the corpus' links), kept while those objects live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# Keyed by the ids of the inputs and holding them, so an id cannot be reused by another
# object while its entry lives; small, because the inputs are the few per-feature lists of
# the corpus in view (a card at 10,000 articles re-derives 50,000 links otherwise).
_MEMO: dict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = {}
_SIZE = 64


def memo(name: str, inputs: tuple[object, ...], build: Callable[[], T]) -> T:
    """``build()``, computed once per identity of ``inputs`` (which must not be mutated afterwards).

    Parameters
    ----------
    name
        What is derived, so two derivations of the same inputs do not collide.
    inputs
        The objects the result depends on, compared by identity.
    build
        Computes the result; it must not be mutated by callers.
    """
    key = (name, *map(id, inputs))
    hit = _MEMO.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
        _MEMO[key] = _MEMO.pop(key)  # most recently used last: the corpus-wide indexes stay
        return hit[1]
    value = build()
    if len(_MEMO) >= _SIZE:
        del _MEMO[next(iter(_MEMO))]
    _MEMO[key] = (inputs, value)
    return value
