"""Percentile bootstrap intervals for the lab's tables (matches resampled with replacement).

The generator is seeded by the caller from the command's arguments, so the same arguments
always give the same intervals.
"""

from __future__ import annotations

import random
from typing import Callable, Sequence, TypeVar

ROUNDS = 2000
Item = TypeVar("Item")


def bootstrap(items: Sequence[Item], statistic: Callable[[Sequence[Item]], float], rng: random.Random,
              level: float = 0.9) -> tuple[float, float]:
    """The ``level`` percentile interval of ``statistic`` over resamples of ``items``."""
    n = len(items)
    values = sorted(statistic(rng.choices(items, k=n)) for _ in range(ROUNDS))
    tail = (1 - level) / 2
    return values[int(tail * ROUNDS)], values[min(ROUNDS - 1, int((1 - tail) * ROUNDS))]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)
