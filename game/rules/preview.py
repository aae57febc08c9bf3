"""Arithmetic a player's screen needs from the rules, computed by the rules' own combat functions
(so that a change to combat changes the preview with it): the force ratio needed to take a hex
(the offense-defense overlay) and the preview of an attack before it is ordered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.rules.combat import _loss as loss
from game.rules.combat import attack_power, defence_power
from game.rules.hexgrid import Hex, neighbours
from game.rules.movement import plan_movers, resolve_movement
from game.rules.orders import Move
from game.rules.scenario import Scenario
from game.rules.state import Unit
from game.rules.views import PlayerView


def balance_ratio(scenario: Scenario, h: Hex) -> float | None:
    """The attacker:defender force ratio needed to take ``h`` at even odds from an entrenched defender.

    From the rules' own power functions (docs/RULES.md section 6.2, "Assaults"): a full-strength
    defender, entrenched, on ``h`` has ``defence value x terrain x city x entrenched``; an attacker
    has ``attack value x river``, every number from the scenario's technology era (section 6.1).
    The ratio is the first multiplier
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



@dataclass(frozen=True, slots=True)
class PlannedMove:
    """Where a unit's move would take it, as far as its player can tell before the turn resolves.

    ``stopped`` is the rules' reason it would stop short (``blocked``, ``bounced``, ``contested``;
    ``fought`` for an attack that reaches its battle), ``into`` the hex it could not enter and ``by``
    the player's own unit in the way (None: a rival's, or nothing in particular)."""

    unit: str
    to: Hex
    ends_at: Hex
    stopped: str | None = None
    into: Hex | None = None
    by: str | None = None

    @property
    def arrives(self) -> bool:
        """Whether it gets where it was sent (an attack: to its battle)."""
        return self.stopped is None or (self.stopped == "fought" and self.into in (None, self.to))


def plan_moves(view: PlayerView, moves: Mapping[str, Move]) -> dict[str, PlannedMove]:
    """The player's moves run through the rules' own movement, against what it knows: its units
    (those without orders stay put) and the rival forces it sees this turn, which are taken to
    stay where they are. Unseen units can still be in the way when the turn resolves."""
    units: dict[str, Unit] = {u.id: u for u in view.units}
    for i, seen in enumerate(view.sightings):
        units[f"~{i}"] = Unit(f"~{i}", seen.owner, seen.looks, seen.at, seen.strength_high, seen.entrenched)
    scenario = view.scenario
    mine = {uid: move for uid, move in moves.items() if uid in units and units[uid].owner == view.player}
    movers = plan_movers(scenario.board, scenario.ruleset.units, units, {view.player: mine}, [view.player])
    result = resolve_movement(units, movers)
    planned = {}
    for mover in movers:
        uid = mover.unit.id
        into, by = result.obstacles.get(uid, (None, None))
        if uid in result.stops and result.stops[uid] == "fought" and into is None:
            into = mover.path[mover.step] if mover.step < len(mover.path) else None
        planned[uid] = PlannedMove(uid, mine[uid].to, result.positions.get(uid, mover.unit.at), result.stops.get(uid),
                                   into, by if by in view.unit_by_id else None)
    return planned


def reachable(view: PlayerView, moves: Mapping[str, Move], unit: str,
              destinations: Iterable[Hex]) -> dict[Hex, PlannedMove]:
    """For each of ``destinations``, how ``unit`` would fare if sent there, the player's other moves
    (``moves``) standing as they are."""
    others = {uid: move for uid, move in moves.items() if uid != unit}
    held = {s.at for s in view.sightings if s.owner != view.player}
    found = {}
    for to in destinations:
        # A hex where a rival force is seen is reached by attacking it (a plain move would stop short).
        attack = to in held or (moves[unit].is_attack if unit in moves and moves[unit].to == to else False)
        planned = plan_moves(view, {**others, unit: Move(unit, to, attack)})
        found[to] = planned.get(unit, PlannedMove(unit, to, to))
    return found


@dataclass(frozen=True, slots=True)
class AttackPreview:
    """What an assault on ``at`` would cost, as far as the attacking player can know beforehand.

    ``attack`` is the attackers' combined power (RULES.md section 6.2, from ``attack_power``);
    ``defence`` the range of the defender's power (``defence_power``) over what the signature could
    really be: every type that looks like what was seen, every strength in its range. Losses are
    (lowest, highest) strength points over that range and over the luck of the battle, so they
    carry both the dice and the uncertainty of the signature."""

    at: Hex
    attackers: tuple[str, ...]
    candidates: tuple[str, ...]  # the types the defender may really be (what it looks like first)
    attack: float
    defence: tuple[float, float]
    attacker_losses: tuple[int, int]
    defender_losses: tuple[int, int]

    @property
    def ratio(self) -> tuple[float, float]:
        """Attack over defence, least and most favourable."""
        low, high = self.defence
        return (self.attack / high if high else float("inf"), self.attack / low if low else float("inf"))


def possible_types(scenario: Scenario, looks: str) -> tuple[str, ...]:
    """The unit types a signature that looks like ``looks`` may really be: that type, then every type
    that can be mistaken for it (``looks_like``)."""
    units = scenario.ruleset.units
    others = tuple(name for name, kind in units.items() if looks in kind.looks_like and name != looks)
    return ((looks,) if looks in units else ()) + others


def approach(scenario: Scenario, unit: Unit, target: Hex, avoid: frozenset[Hex] = frozenset()) -> Hex:
    """The hex a unit would attack ``target`` from: the last one on its path (the rules' path)."""
    path = scenario.board.path_around(unit.at, target, 2 * scenario.ruleset.units[unit.kind].move, avoid)
    if not path or len(path) < 2:
        return unit.at
    return path[-2]


def attack_preview(scenario: Scenario, attackers: Iterable[tuple[Unit, Hex]], at: Hex, looks: str,
                   strengths: tuple[int, int], entrenched: bool, owner: int) -> AttackPreview:
    """Preview an assault on ``at`` by ``attackers`` (each a unit and the hex it attacks from) on a
    defender seen as ``looks`` with a strength in ``strengths`` (low, high), computed with the rules'
    own ``attack_power``, ``defence_power`` and loss function, so it follows any change to them."""
    attackers = list(attackers)
    combat = scenario.ruleset.combat
    attack = sum(attack_power(scenario, unit, origin, at) for unit, origin in attackers)
    candidates = possible_types(scenario, looks) or tuple(scenario.ruleset.units)
    low, high = strengths
    sides = [(defence_power(scenario, Unit("~defender", owner, kind, at, strength, entrenched), at), strength)
             for kind in candidates for strength in sorted({max(1, low), max(1, high)})]
    luck = (1 - combat.luck, 1 + combat.luck)
    # A unit cannot lose more strength than it has: the defender's loss is capped at its strength.
    to_defender = [min(strength, loss(scenario, attack, power, lucky)) for power, strength in sides for lucky in luck]
    to_attackers = [loss(scenario, power, attack, lucky) for power, _ in sides for lucky in luck]
    defences = [power for power, _ in sides]
    return AttackPreview(at, tuple(u.id for u, _ in attackers), candidates, attack, (min(defences), max(defences)),
                         (min(to_attackers), max(to_attackers)), (min(to_defender), max(to_defender)))
