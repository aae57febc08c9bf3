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


def legal_orders(view: PlayerView) -> LegalOrders:
    """Everything the player may order this turn (nothing once the match is over or it is out)."""
    if view.is_over or view.is_eliminated:
        return LegalOrders((), {}, {}, {}, (), (), (), ())
    rules = view.scenario.ruleset
    board = view.scenario.board
    me = view.player
    affordable = tuple(name for name, t in rules.units.items() if t.cost <= view.treasury)
    city_owner = view.city_owner
    builds = {h: affordable for h in _cities_in_order(board) if city_owner.get(h) == me} if affordable else {}
    moves: dict[str, tuple[Destination, ...]] = {}
    postures: dict[str, tuple[bool, ...]] = {}
    rival_cities = frozenset(h for h, owner in city_owner.items() if owner not in (me, None))
    # Destinations depend on the unit's hex and speed, and on which cities in its reach
    # are a rival's: cached under exactly that, so the cache keeps hitting as cities change hands.
    known = board.cache.get(("destinations",))
    if known is None:
        known = board.cache[("destinations",)] = {}
    for unit in view.units:
        postures[unit.id] = (True, False)
        unit_type = rules.units[unit.kind]
        if not unit_type.can_move or unit.entrenched:
            continue  # an entrenched unit must leave its works (posture mobile) before it can move
        found = known.get((unit.at, unit_type.move))  # type: ignore[attr-defined]
        if found is None:
            reach = board.reachable_sorted(unit.at, 2 * unit_type.move)
            found = known[(unit.at, unit_type.move)] = (tuple(h for h in reach if h in board.cities), {})  # type: ignore[index]
        cities, by_rivals = found
        rivals = tuple(h in rival_cities for h in cities) if cities else ()
        destinations = by_rivals.get(rivals)
        if destinations is None:
            destinations = by_rivals[rivals] = tuple(
                Destination(h, h in rival_cities) for h in board.reachable_sorted(unit.at, 2 * unit_type.move)
            )
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
    )


def _cities_in_order(board: Board) -> tuple[Hex, ...]:
    found = board.cache.get(("cities-in-order",))
    if found is None:
        found = board.cache[("cities-in-order",)] = tuple(sorted(board.cities))
    return found  # type: ignore[return-value]
