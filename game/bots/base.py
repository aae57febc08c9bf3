"""The bot interface and the registry of bots by name."""

from __future__ import annotations

import random
from typing import Callable, Protocol

from game.rules.legal import LegalOrders
from game.rules.orders import Order
from game.rules.views import PlayerView


class Bot(Protocol):
    name: str

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]: ...


_REGISTRY: dict[str, Callable[[], Bot]] = {}


def register(name: str) -> Callable[[Callable[[], Bot]], Callable[[], Bot]]:
    def add(factory: Callable[[], Bot]) -> Callable[[], Bot]:
        _REGISTRY[name] = factory
        return factory

    return add


def bot_names() -> list[str]:
    _load_builtin_bots()
    return sorted(_REGISTRY)


def make_bot(name: str) -> Bot:
    """A new bot by name.

    Raises:
        ValueError: naming the known bots, if there is no bot of that name.
    """
    _load_builtin_bots()
    factory = _REGISTRY.get(name)
    if factory is None:
        raise ValueError(f"unknown bot {name!r} (known: {', '.join(sorted(_REGISTRY))})")
    return factory()


def _load_builtin_bots() -> None:
    # Imported here, not at module import, so that importing the package has no side effects
    # beyond defining names, and the registry fills on first use.
    from game.bots import basic, cooperate, personality, planner, random_bot, stances  # noqa: F401
