"""Simultaneous movement, in ticks.

Every moving unit follows its path one hex per tick, all at once. In a tick:

* a unit whose next hex holds a unit that is not leaving stops; if that unit is
  foreign and the mover was ordered to *attack*, it assaults that hex;
* two foreign units that try to swap hexes stop; if either attacks, they meet
  in battle;
* units of several players entering the same hex all stop; if any of them
  attacks, they meet in battle there and nobody may enter that hex again this
  turn; units of one player entering the same hex: the lowest id goes on;
* a unit stopped once stays stopped for the rest of the turn.

Chains (a unit moving into a hex being vacated by another) and rotations
succeed when every link does. The outcome is a list of battles and the units'
final hexes; combat is resolved afterwards, all battles at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from collections.abc import Iterable, Mapping

from game.rules.board import Board
from game.rules.hexgrid import Hex
from game.rules.orders import Move
from game.rules.ruleset import UnitType
from game.rules.state import PlayerId, Unit, unit_order


@dataclass(slots=True)
class Mover:
    unit: Unit
    path: tuple[Hex, ...]
    is_attack: bool
    step: int = 0  # hexes of the path already entered
    stopped: str | None = None  # why it stopped early, if it did
    blocked_into: Hex | None = None  # the hex it could not enter (when stopped)
    blocked_by: str | None = None  # the unit in the way there, or that went first (None: a bounce or a closed hex)
    at: Hex = field(init=False)  # where it stands: the last hex entered (kept, not derived: read every tick)

    def __post_init__(self) -> None:
        self.at = self.path[self.step - 1] if self.step else self.unit.at


@dataclass(slots=True)
class Assault:
    """Attack on a held hex: the defender stands in ``at``; attackers came from ``origins``."""

    at: Hex
    defender: str
    attackers: list[str] = field(default_factory=list)
    origins: dict[str, Hex] = field(default_factory=dict)


@dataclass(slots=True)
class Meeting:
    """Units of several players that clashed while moving (contested hex or swap)."""

    at: Hex
    units: list[str]


@dataclass(slots=True)
class MovementResult:
    positions: dict[str, Hex]  # unit id -> where it ended, for the units that moved
    assaults: dict[Hex, Assault]
    meetings: list[Meeting]
    stops: dict[str, str]  # unit id -> reason it stopped short
    obstacles: dict[str, tuple[Hex, str | None]]  # unit id stopped short -> (the hex it could not enter, the unit in the way)
    moved: set[str]  # units that entered at least one new hex


def resolve_movement(units: dict[str, Unit], movers: list[Mover]) -> MovementResult:
    occupant: dict[Hex, str] = {u.at: uid for uid, u in units.items()}
    by_id = {m.unit.id: m for m in movers}
    assaults: dict[Hex, Assault] = {}
    meetings: list[Meeting] = []
    closed: set[Hex] = set()  # contested hexes nobody may enter any more this turn

    # Movers still going, in the order given; a stopped mover never goes on, so each
    # tick's list is drawn from the last tick's.
    active = [m for m in movers if m.stopped is None and m.step < len(m.path)]
    while active:
        wants: dict[str, Hex] = {}
        by_target: dict[Hex, list[Mover]] = {}
        for m in active:
            target = m.path[m.step]
            wants[m.unit.id] = target
            group = by_target.get(target)
            if group is None:
                by_target[target] = [m]
            else:
                group.append(m)

        # Only a closed hex or one wanted by several movers needs settling here; those
        # are settled in hex order (the order of meetings is part of the outcome).
        for target in sorted(t for t, group in by_target.items() if len(group) > 1 or t in closed):
            group = by_target[target]
            if target in closed:
                for m in group:
                    if m.stopped is None:
                        m.stopped, m.blocked_into = "contested", target
                continue
            holder = occupant.get(target)
            if holder is not None and holder not in wants:
                continue  # a held hex: settled below, as assaults or blocks
            if len({m.unit.owner for m in group}) > 1:
                if any(m.is_attack for m in group):
                    meetings.append(Meeting(target, sorted((m.unit.id for m in group), key=unit_order)))
                    closed.add(target)
                    why = "fought"
                else:
                    why = "bounced"
                for m in group:
                    if m.stopped is None:
                        m.stopped, m.blocked_into = why, target
            else:
                first, *rest = sorted(group, key=lambda m: unit_order(m.unit.id))
                for m in rest:
                    if m.stopped is None:
                        m.stopped, m.blocked_into, m.blocked_by = "blocked", target, first.unit.id

        # The rest of the tick concerns only movers heading into a held hex (the
        # holder does not change until everyone moves at the end of the tick).
        into_held = []
        for m in active:
            if m.stopped is None:
                holder = occupant.get(wants[m.unit.id])
                if holder is not None:
                    into_held.append((m, holder))

        # Swaps: two units each heading into the other's hex.
        for m, other_id in into_held:
            if m.stopped is not None:
                continue
            other = by_id.get(other_id)
            if other is None or other.stopped is not None or wants.get(other_id) != m.at:
                continue
            if other.unit.owner == m.unit.owner:
                continue  # a unit's own forces may swap places
            if m.is_attack or other.is_attack:
                meetings.append(Meeting(min(m.at, wants[m.unit.id]), sorted([m.unit.id, other_id], key=unit_order)))
                why = "fought"
            else:
                why = "bounced"
            m.stopped, m.blocked_into, m.blocked_by = why, wants[m.unit.id], other_id
            other.stopped, other.blocked_into, other.blocked_by = why, m.at, m.unit.id

        # Entering held hexes: the holder must be leaving, and leave successfully.
        changed = True
        while changed:
            changed = False
            for m, holder in into_held:
                if m.stopped is not None:
                    continue
                leaving = by_id.get(holder)
                if leaving is not None and leaving.stopped is None and holder in wants:
                    continue
                if units[holder].owner != m.unit.owner and m.is_attack:
                    target = wants[m.unit.id]
                    battle = assaults.get(target)
                    if battle is None:
                        battle = assaults[target] = Assault(target, holder)
                    if m.unit.id not in battle.attackers:
                        battle.attackers.append(m.unit.id)
                        battle.origins[m.unit.id] = m.at
                    m.stopped = "fought"
                else:
                    m.stopped, m.blocked_into, m.blocked_by = "blocked", wants[m.unit.id], holder
                changed = True

        # Everyone still going enters its next hex.
        going = [m for m in active if m.stopped is None]
        for m in going:
            del occupant[m.at]
        for m in going:
            m.at = m.path[m.step]
            m.step += 1
            occupant[m.at] = m.unit.id
        active = [m for m in going if m.step < len(m.path)]

    positions = {m.unit.id: m.at for m in movers if m.step > 0}
    stops = {m.unit.id: m.stopped for m in movers if m.stopped is not None}
    obstacles = {m.unit.id: (m.blocked_into, m.blocked_by) for m in movers
                 if m.stopped is not None and m.blocked_into is not None}
    return MovementResult(positions, assaults, meetings, stops, obstacles, set(positions))


def plan_movers(board: Board, unit_types: Mapping[str, UnitType], units: Mapping[str, Unit],
                moves: Mapping[PlayerId, Mapping[str, Move]], players: Iterable[PlayerId]) -> list[Mover]:
    """The movers of a turn: each ordered unit (not entrenched) on its path to its destination.

    Of the cheapest paths, a unit takes one clear of its player's own units that stay put (the
    player knows where they are); failing that, movement will block it on the way.
    """
    moving = {uid for p in players for uid in moves.get(p, {})}
    stationary_own: dict[PlayerId, set[Hex]] = {}
    for uid, u in units.items():
        if uid not in moving:
            stationary_own.setdefault(u.owner, set()).add(u.at)
    movers = []
    for p in players:
        own = stationary_own.get(p, set())
        for uid, move in sorted(moves.get(p, {}).items()):
            unit = units.get(uid)
            if unit is None or unit.owner != p or unit.entrenched:
                continue
            path = board.path_around(unit.at, move.to, 2 * unit_types[unit.kind].move, own)
            if path:
                movers.append(Mover(unit, path, move.is_attack))
    return movers
