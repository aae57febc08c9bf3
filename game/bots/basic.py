"""A plain rule-based bot that plays its seat's aim.

A security seeker arms in proportion to the threat it sees near its cities,
keeps its forces at home, digs in, and offers and accepts non-aggression.
A revisionist builds offensive forces and, once it has enough of them, marches
on the nearest rival city it can find. Neither looks beyond its own view.
"""

from __future__ import annotations

import random

from game.bots import tactics
from game.bots.base import register
from game.rules.hexgrid import distance
from game.rules.legal import LegalOrders
from game.rules.orders import Move, Order, Propose, SetBudget, SetPosture
from game.rules.state import Budget
from game.rules.views import PlayerView

THREAT_RADIUS = 4
ATTACK_FORCE = 4  # mobile units a revisionist gathers before it marches


def threat_near_home(view: PlayerView) -> float:
    """Offensive weight of foreign forces seen (or recently seen) near the player's cities."""
    units = view.scenario.ruleset.units
    cities = [h for h, owner in view.city_owner.items() if owner == view.player]
    total = 0.0
    for s in view.sightings + tuple(g for g in view.ghosts if view.turn - g.seen_turn <= 2):
        if any(distance(s.at, c) <= THREAT_RADIUS for c in cities):
            total += 0.5 + units[s.looks].offensive
    return total


class BasicBot:
    name = "basic"

    def observe(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> None:
        """Nothing to remember: this bot decides from each view alone (see game/bots/seat.py)."""

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over:
            return []
        if view.aim == "revisionist":
            return self._revisionist(view, legal)
        return self._security_seeker(view, legal)

    def _security_seeker(self, view: PlayerView, legal: LegalOrders) -> list[Order]:
        threat = threat_near_home(view)
        military = min(70, 20 + 10 * round(threat))
        orders: list[Order] = [SetBudget(Budget(military, 90 - military, 10))]
        own_cities = sorted(h for h, owner in view.city_owner.items() if owner == view.player)
        garrisoned = {u.at for u in view.units}
        kind = "fortification" if threat >= 3 and view.turn % 3 == 0 else "infantry"
        orders += tactics.builds(view, legal, [kind] if threat >= 1 else [], limit=1)
        for unit in view.units:
            destinations = legal.moves.get(unit.id, ())
            unguarded = [c for c in own_cities if c not in garrisoned]
            if unit.at in own_cities or not destinations or not unguarded:
                if not unit.entrenched and unit.kind != "fortification":
                    orders.append(SetPosture(unit.id, True))
                continue
            goal = min(unguarded, key=lambda c: (distance(unit.at, c), c))
            step = tactics.toward(destinations, goal, allow_attack=False)
            if step is not None:
                orders.append(Move(unit.id, step.to, is_attack=False))
                garrisoned.add(goal)
        if view.turn <= 3:
            already = {a.other(view.player) for a in view.agreements if a.kind == "non_aggression"}
            already |= {p.target if p.proposer == view.player else p.proposer
                        for p in view.proposals if p.kind == "non_aggression"}
            for rival in legal.proposal_targets:
                if rival not in already:
                    orders.append(Propose("non_aggression", rival))
        orders += [a for a in legal.answers if a.is_accepted]
        return orders

    def _revisionist(self, view: PlayerView, legal: LegalOrders) -> list[Order]:
        orders: list[Order] = [SetBudget(Budget(60, 30, 10))]
        orders += tactics.builds(view, legal, ["armor", "infantry"], limit=2)
        own_cities = [h for h, owner in view.city_owner.items() if owner == view.player]
        targets = [h for h, owner in view.city_owner.items() if owner != view.player]
        mobile = [u for u in view.units if u.id in legal.moves]
        if own_cities and targets and len(mobile) >= ATTACK_FORCE:
            capital = min(own_cities)
            goal = min(targets, key=lambda c: (distance(capital, c), c))
            keep_home = min(mobile, key=lambda u: (distance(u.at, capital), u.id))
            for unit in mobile:
                if unit is keep_home:
                    continue
                step = tactics.toward(legal.moves[unit.id], goal, allow_attack=True)
                if step is not None:
                    orders.append(Move(unit.id, step.to, is_attack=True))
        # Accept pacts that cost nothing to break; refuse inspection, which would show its hand.
        kinds = {p.id: p.kind for p in view.proposals}
        orders += [a for a in legal.answers if a.is_accepted == (kinds.get(a.proposal) != "inspection")]
        return orders


register("basic")(BasicBot)
