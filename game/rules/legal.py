"""A player's legal orders, listed from its view (for bots and the client).

Every order built from these lists passes ``validation.check_orders`` on its
own; combining them is subject only to the treasury (builds together must be
affordable) and to one order of a kind per unit, city and proposal.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.board import Board
from game.rules.hexgrid import Hex
from game.rules.orders import Answer, Leave, Propose
from game.rules.state import AGREEMENT_KINDS, Budget, PlayerId
from game.rules.views import PlayerView

BUDGET_STEP = 10
BUDGETS = tuple(
    Budget(m, d, 100 - m - d) for m in range(0, 101, BUDGET_STEP) for d in range(0, 101 - m, BUDGET_STEP)
)
DEFAULT_ARMS_CAP = 3  # the cap in the ready-made arms-cap proposals; any cap within the limit is legal


@dataclass(frozen=True, slots=True)
class Destination:
    to: Hex
    needs_attack: bool  # entering a rival's city is only possible as an attack


@dataclass(frozen=True, slots=True)
class LegalOrders:
    budgets: tuple[Budget, ...]  # every split in steps of 10 (any split summing to 100 is legal)
    builds: dict[Hex, tuple[str, ...]]  # city -> unit types affordable on their own
    moves: dict[str, tuple[Destination, ...]]  # unit id -> where it can go this turn (not entrenched units)
    postures: dict[str, tuple[bool, ...]]  # unit id -> (entrenched?) values it may take
    proposal_targets: tuple[PlayerId, ...]  # rivals still in the match
    proposals: tuple[Propose, ...]  # each kind not already agreed or open, to each rival (arms caps at 3)
    answers: tuple[Answer, ...]
    leaves: tuple[Leave, ...]
    conceals: tuple[str, ...] = ()  # unit ids that may be hidden from inspections (only while one is in force)


def legal_orders(view: PlayerView) -> LegalOrders:
    """Everything the player may order this turn (nothing once the match is over or it is out)."""
    if view.is_over or view.is_eliminated:
        return LegalOrders((), {}, {}, {}, (), (), (), (), ())
    rules = view.scenario.ruleset
    board = view.scenario.board
    me = view.player
    affordable = tuple(name for name, t in rules.units.items() if t.cost <= view.treasury)
    city_owner = view.city_owner
    city_bits = _city_bits(board)
    # city_bits holds the map's cities in hex order, as sorting city_owner would give them.
    cities = city_bits if len(city_bits) == len(city_owner) else sorted(city_owner)
    builds = {h: affordable for h in cities if city_owner.get(h) == me} if affordable else {}
    moves: dict[str, tuple[Destination, ...]] = {}
    postures: dict[str, tuple[bool, ...]] = {}
    rivals = 0  # the rivals' cities, one bit each
    for h, owner in city_owner.items():
        if owner != me and owner is not None:
            rivals |= city_bits.get(h, -1)  # -1: not a city of the map; never cached, see below
    # Destinations depend on the unit's hex and speed, and on which cities in its reach
    # are a rival's: cached under exactly that, so the cache keeps hitting as cities change hands.
    known = board.cache.get(("destinations",))
    if known is None:
        known = board.cache[("destinations",)] = {}
    speeds = _speeds(board)
    for unit in view.units:
        postures[unit.id] = (True, False)
        speed = speeds[unit.kind]
        if speed <= 0 or unit.entrenched:  # speed <= 0: not UnitType.can_move
            continue  # an entrenched unit must leave its works (posture mobile) before it can move
        found = known.get((unit.at, speed))  # type: ignore[attr-defined]
        if found is None:
            reach = board.reachable_sorted(unit.at, 2 * speed)
            in_reach = 0
            for h in reach:
                in_reach |= city_bits.get(h, 0)
            found = known[(unit.at, speed)] = (in_reach, {})  # type: ignore[index]
        in_reach, by_rivals = found
        destinations = by_rivals.get(in_reach & rivals) if rivals >= 0 else None
        if destinations is None:
            destinations = tuple(
                Destination(h, h in city_owner and city_owner[h] not in (me, None))
                for h in board.reachable_sorted(unit.at, 2 * speed)
            )
            if rivals >= 0:
                by_rivals[in_reach & rivals] = destinations
        moves[unit.id] = destinations
    targets = tuple(r.id for r in view.rivals if not r.is_eliminated)
    in_force = {(a.kind, a.other(me)) for a in view.agreements if a.kind in ("non_aggression", "inspection")}
    pending = {(p.kind, p.target if p.proposer == me else p.proposer) for p in view.proposals}
    taken = frozenset(in_force | pending)
    key = ("proposals", targets, taken)
    proposals = board.cache.get(key)
    if proposals is None:
        proposals = board.cache[key] = tuple(
            Propose(kind, target, cap=DEFAULT_ARMS_CAP if kind == "arms_cap" else None)
            for target in targets for kind in AGREEMENT_KINDS
            if kind != "demilitarised" and (kind, target) not in taken
        )
    return LegalOrders(
        budgets=BUDGETS,
        builds=builds,
        moves=moves,
        postures=postures,
        proposal_targets=targets,
        proposals=proposals,  # type: ignore[arg-type]
        answers=tuple(Answer(p.id, ok) for p in view.proposals if p.target == me for ok in (True, False)),
        leaves=tuple(Leave(a.id) for a in view.agreements),
        # Concealing (RULES §10.5) games an inspection: listed only while one is in force and it is affordable.
        conceals=tuple(u.id for u in view.units)
        if any(a.kind == "inspection" for a in view.agreements)
        and rules.agreements.concealment_cost <= view.treasury else (),
    )


def _city_bits(board: Board) -> dict[Hex, int]:
    # Every city of the map in hex order, each with a bit of its own.
    found = board.cache.get(("city-bits",))
    if found is None:
        found = board.cache[("city-bits",)] = {h: 1 << i for i, h in enumerate(sorted(board.cities))}
    return found  # type: ignore[return-value]


def _speeds(board: Board) -> dict[str, int]:
    found = board.cache.get(("speeds",))
    if found is None:
        found = board.cache[("speeds",)] = {name: t.move for name, t in board.ruleset.units.items()}
    return found  # type: ignore[return-value]
