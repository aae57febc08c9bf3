"""What a seat can tell of its world's two knobs from its own view, without being told them.

A player who never opened the scenario picker still knows the rules' numbers (the help and
the attack preview show them) and how reliable its own sightings are. From those two it can
judge Jervis's two dimensions as well as it needs to:

* ``balance(view)``, the offence-defence balance in the knob's units (below 0 attack has
  the edge, above 0 defence): how much attacking power must be bought to take a city held
  by defending power of the same cost, from the rules' own combat formulas, set against the
  same price under the base numbers of the game (``BASE_PRICE_TO_TAKE``);
* ``readability(view)``, from 0 to 1: how reliable what it sees of its rivals is (the mean
  reliability of its current sightings and ghosts, rescaled from the rules' floor and
  ceiling; one half while it has seen nothing).

Neither reads the scenario's ``offense_defense`` or ``distinguishability`` labels: the bots
use these instead (tests/bots/test_no_knobs.py checks that no bot or intel module reads them).
"""

from __future__ import annotations

import math

from game.rules.combat import attack_power, defence_power
from game.rules.state import Unit
from game.rules.views import PlayerView

# Treasury points of the best attackers needed to match one of the best mobile defender's,
# dug in on a plains city, under the base numbers (units.toml, rules.toml): 2.34375. A world where
# taking a city costs 2.56 times more (or less) than that is at the end of the scale.
BASE_PRICE_TO_TAKE = 1.875 / 0.8  # infantry 3 per 3 points x city 1.25 x dug in 1.5, against armor 4 per 5
SCALE = math.log(2.56)
UNSEEN_READABILITY = 0.5


_PRICES: dict[str, float] = {}  # by scenario fingerprint: the rules' numbers do not change in a match


def price_to_take(view: PlayerView) -> float:
    """Attacking cost needed per defending cost to match a dug-in defender on a plains city."""
    price = _PRICES.get(view.scenario.fingerprint)
    if price is None:
        price = _PRICES[view.scenario.fingerprint] = _price_to_take(view)
    return price


def _price_to_take(view: PlayerView) -> float:
    scenario = view.scenario
    rules = scenario.ruleset
    full = rules.combat.strength_max
    plains_city = next((h for h in sorted(scenario.board.cities) if scenario.board.terrain[h].defence == 1.0),
                       min(scenario.board.cities))
    attack = max(attack_power(scenario, Unit("z1", 0, t.name, plains_city, full), plains_city, plains_city) / t.cost
                 for t in rules.units.values() if t.can_move and t.attack > 0)
    defence = max(defence_power(scenario, Unit("z2", 1, t.name, plains_city, full, True), plains_city) / t.cost
                  for t in rules.units.values() if t.can_move and t.defence > 0)
    return defence / attack


def balance(view: PlayerView) -> float:
    """The offence-defence balance read from the rules' numbers, from -1 (attack) to 1 (defence)."""
    return max(-1.0, min(1.0, math.log(price_to_take(view) / BASE_PRICE_TO_TAKE) / SCALE))


def readability(view: PlayerView) -> float:
    """How well the seat reads its rivals' forces, from 0 to 1, by the reliability of what it sees."""
    seen = [s.reliability for s in (*view.sightings, *view.ghosts) if s.owner != view.player and s.reliability < 1]
    if not seen:
        return UNSEEN_READABILITY
    signatures = view.scenario.ruleset.signatures
    low, high = signatures.min_reliability, signatures.max_reliability
    return max(0.0, min(1.0, (sum(seen) / len(seen) - low) / (high - low)))
