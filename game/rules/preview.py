"""Arithmetic a player's screen needs from the rules, computed by the rules' own combat functions
(so that a change to combat changes the preview with it): the force ratio needed to take a hex
(the offense-defense overlay) and the preview of an attack before it is ordered.
"""

from __future__ import annotations

from game.rules.combat import attack_power, defence_power
from game.rules.hexgrid import Hex, neighbours
from game.rules.scenario import Scenario
from game.rules.state import Unit


def balance_ratio(scenario: Scenario, h: Hex) -> float | None:
    """The attacker:defender force ratio needed to take ``h`` at even odds from an entrenched defender.

    From the rules' own power functions (docs/RULES.md section 6.2, "Assaults"): a full-strength
    defender, entrenched, on ``h`` has ``defence value x terrain x city x 1.5 x (1 + 0.35 x knob)``;
    an attacker has ``attack value x river x (1 - 0.35 x knob)``. The ratio is the first multiplier
    over the second: how many points of attack value (times strength) the attackers need per point
    of the defender's defence value for their power to equal its power. The attacker takes the
    easiest approach, so the river factor counts only if every land approach crosses an unbridged
    river (the legend says how much a crossing adds). A capital defends like any other city
    (section 2.5). None for hexes no unit can stand on (water).
    """
    board = scenario.board
    terrain = board.terrain.get(h)
    if terrain is None or not terrain.is_passable:
        return None
    units = scenario.ruleset.units
    kind = next((k for k, u in units.items() if u.attack > 0 and u.defence > 0), None)
    if kind is None:
        return None
    full = scenario.ruleset.combat.strength_max
    defender = Unit("probe-defender", 0, kind, h, full, True)
    defence = defence_power(scenario, defender, h) / units[kind].defence
    approaches = [n for n in neighbours(h) if board.is_passable(n)]
    if not approaches:
        return None
    attacker = Unit("probe-attacker", 1, kind, approaches[0], full, False)
    attack = max(attack_power(scenario, attacker, n, h) for n in approaches) / units[kind].attack
    return defence / attack if attack > 0 else None

