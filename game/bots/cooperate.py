"""The all-cooperate benchmark: nobody arms or fights.

Every income goes to development; it builds nothing, moves nothing, accepts every
agreement offered and proposes a non-aggression pact to everyone once. The lab
plays each scenario and seed with this bot in every seat to measure what the
players could have scored without the dilemma (the *welfare* benchmark).
"""

from __future__ import annotations

import random

from game.bots.base import register
from game.rules.legal import LegalOrders
from game.rules.orders import Order, SetBudget
from game.rules.state import Budget
from game.rules.views import PlayerView


class CooperateBot:
    name = "cooperate"

    def observe(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> None:
        """Nothing to remember: this bot decides from each view alone (see game/bots/seat.py)."""

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over or view.is_eliminated:
            return []
        orders: list[Order] = [SetBudget(Budget(0, 100, 0))]
        if view.turn == 1:
            orders += [p for p in legal.proposals if p.kind == "non_aggression"]
        orders += [a for a in legal.answers if a.is_accepted]
        return orders


register("cooperate")(CooperateBot)
