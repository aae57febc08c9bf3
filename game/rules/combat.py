"""Combat: every battle of a turn is fought at once, from the strengths units had before any of them.

In an *assault* the attackers' power is set against the defender's::

    attack  = attack value x strength/max x river penalty (if crossing)
    defence = defence value x strength/max x terrain x city x entrenched

Every one of those numbers comes from the scenario's ruleset, with its technology era's
numbers in place (assets/technology.toml): that is how a world's offence-defence balance
reaches the battlefield. The scenario's ``offense_defense`` label is not read here. Each side loses
``damage_base x ratio x luck`` strength, the ratio being the enemy's power over
its own (capped), and the luck a draw in ``[1 - luck, 1 + luck]`` keyed by the
battle. The attackers share their loss in proportion to their power.

In a *meeting* (units of several players clashing on the move) there is no
terrain: a unit fights with its attack value if it was attacking and its defence
value if it was only moving, and each player's side is set against all the others together.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules import randomness
from game.rules.hexgrid import Hex, edge
from game.rules.movement import Assault, Meeting
from game.rules.scenario import Scenario
from game.rules.state import Unit, unit_order


@dataclass(frozen=True, slots=True)
class BattleOutcome:
    at: Hex
    kind: str  # "assault" or "meeting"
    roles: dict[str, str]  # unit id -> "attacker" | "defender" | "meeting"
    damage: dict[str, int]  # unit id -> strength lost


def _luck(scenario: Scenario, seed: int, turn: int, at: Hex, side: object) -> float:
    luck = scenario.ruleset.combat.luck
    return 1 + luck * (2 * randomness.uniform(seed, "battle", turn, at, side) - 1)


def _loss(scenario: Scenario, enemy_power: float, own_power: float, luck: float) -> int:
    combat = scenario.ruleset.combat
    if enemy_power <= 0:
        return 0
    if own_power <= 0:
        ratio = combat.ratio_cap
    else:
        ratio = min(combat.ratio_cap, max(1 / combat.ratio_cap, enemy_power / own_power))
    return round(combat.damage_base * ratio * luck)


def _share(total: int, powers: dict[str, float]) -> dict[str, int]:
    """Split ``total`` damage in proportion to power (largest remainder, ties by unit id)."""
    weight = sum(powers.values())
    if not powers:
        return {}
    if weight <= 0:
        powers = {uid: 1.0 for uid in powers}
        weight = float(len(powers))
    exact = {uid: total * p / weight for uid, p in powers.items()}
    shares = {uid: int(x) for uid, x in exact.items()}
    rest = total - sum(shares.values())
    for uid in sorted(exact, key=lambda u: (-(exact[u] - shares[u]), unit_order(u)))[:rest]:
        shares[uid] += 1
    return shares


def attack_power(scenario: Scenario, unit: Unit, origin: Hex, target: Hex) -> float:
    rules = scenario.ruleset
    power = rules.units[unit.kind].attack * unit.strength / rules.combat.strength_max
    if edge(origin, target) in scenario.map.rivers and edge(origin, target) not in scenario.map.roads:
        power *= rules.combat.river_attack
    return power


def defence_power(scenario: Scenario, unit: Unit, at: Hex) -> float:
    rules = scenario.ruleset
    combat = rules.combat
    power = rules.units[unit.kind].defence * unit.strength / combat.strength_max
    power *= scenario.board.terrain[at].defence
    if at in scenario.board.cities:
        power *= combat.city_defence
    if unit.entrenched:
        power *= combat.entrenched_defence
    return power


def fight_assault(scenario: Scenario, seed: int, turn: int, battle: Assault, units: dict[str, Unit]) -> BattleOutcome:
    defender = units[battle.defender]
    powers = {uid: attack_power(scenario, units[uid], battle.origins[uid], battle.at) for uid in battle.attackers}
    attack = sum(powers.values())
    defence = defence_power(scenario, defender, battle.at)
    to_defender = _loss(scenario, attack, defence, _luck(scenario, seed, turn, battle.at, "defender"))
    to_attackers = _loss(scenario, defence, attack, _luck(scenario, seed, turn, battle.at, "attackers"))
    damage = {battle.defender: to_defender, **_share(to_attackers, powers)}
    roles = {battle.defender: "defender", **{uid: "attacker" for uid in battle.attackers}}
    return BattleOutcome(battle.at, "assault", roles, damage)


def fight_meeting(
    scenario: Scenario, seed: int, turn: int, battle: Meeting, units: dict[str, Unit], attacking: set[str]
) -> BattleOutcome:
    rules = scenario.ruleset
    full = rules.combat.strength_max
    sides: dict[int, dict[str, float]] = {}
    for uid in battle.units:
        unit = units[uid]
        if uid in attacking:
            value = rules.units[unit.kind].attack
        else:
            value = rules.units[unit.kind].defence
        sides.setdefault(unit.owner, {})[uid] = value * unit.strength / full
    totals = {owner: sum(p.values()) for owner, p in sides.items()}
    everyone = sum(totals.values())
    damage: dict[str, int] = {}
    for owner, powers in sorted(sides.items()):
        loss = _loss(scenario, everyone - totals[owner], totals[owner], _luck(scenario, seed, turn, battle.at, owner))
        damage.update(_share(loss, powers))
    return BattleOutcome(battle.at, "meeting", {uid: "meeting" for uid in battle.units}, damage)
