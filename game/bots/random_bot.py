"""A bot that plays uniformly random legal orders: a baseline and a fuzzer."""

from __future__ import annotations

import random

from game.bots.base import register
from game.rules.legal import LegalOrders
from game.rules.orders import Build, Move, Order, SetBudget, SetPosture
from game.rules.views import PlayerView


class RandomBot:
    name = "random"

    def observe(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> None:
        """Nothing to remember: this bot decides from each view alone (see game/bots/seat.py)."""

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        orders: list[Order] = []
        if legal.budgets and rng.random() < 0.3:
            orders.append(SetBudget(rng.choice(legal.budgets)))
        money = view.treasury
        for city, kinds in legal.builds.items():
            affordable = [k for k in kinds if view.scenario.ruleset.units[k].cost <= money]
            if affordable and rng.random() < 0.5:
                kind = rng.choice(affordable)
                money -= view.scenario.ruleset.units[kind].cost
                orders.append(Build(kind, city))
        for unit_id, destinations in legal.moves.items():
            if destinations and rng.random() < 0.6:
                target = rng.choice(destinations)
                orders.append(Move(unit_id, target.to, is_attack=target.needs_attack or rng.random() < 0.3))
            elif rng.random() < 0.1:
                orders.append(SetPosture(unit_id, True))
        for unit in view.units:
            if unit.entrenched and rng.random() < 0.2:
                orders.append(SetPosture(unit.id, False))
        for answer in legal.answers[::2]:
            orders.append(answer if rng.random() < 0.5 else legal.answers[legal.answers.index(answer) + 1])
        proposals = legal.proposals
        if proposals and rng.random() < 0.05:
            orders.append(rng.choice(proposals))
        if legal.leaves and rng.random() < 0.02:
            orders.append(rng.choice(legal.leaves))
        return orders


register("random")(RandomBot)
