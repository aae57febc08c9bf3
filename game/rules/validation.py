"""Checking a player's orders against what that player knows.

Orders are checked against the player's *view*, never the true state: so the
answer to an order (accepted, or an error and its message) can only depend on
what the player could already see, and cannot leak a rival's hidden units.
A move into a hex where an unseen enemy stands is legal; the resolution finds
out what happens.

``order_problems`` returns every problem at once; ``check_orders`` raises the
first and otherwise returns the orders in the shape resolution uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.rules.errors import GameOverError, IllegalOrderCode, IllegalOrderError, RulesError, StaleOrderError
from game.rules.hexgrid import Hex, format_hex
from game.rules.orders import Answer, Build, Leave, Move, Order, Propose, SetBudget, SetPosture
from game.rules.state import AGREEMENT_KINDS, Budget
from game.rules.views import PlayerView

@dataclass(frozen=True, slots=True)
class PlayerOrders:
    """One player's checked orders for one turn, keyed the way resolution needs them."""

    budget: Budget | None = None
    builds: tuple[Build, ...] = ()
    moves: dict[str, Move] = field(default_factory=dict)
    postures: dict[str, bool] = field(default_factory=dict)
    proposals: tuple[Propose, ...] = ()
    answers: tuple[Answer, ...] = ()
    leaves: tuple[Leave, ...] = ()


HOLD = PlayerOrders()  # missing orders: every unit holds, the budget stays as it was


def check_fresh(view: PlayerView, turn: int, version: int) -> None:
    """Refuse orders made for another turn or state version.

    Raises:
        StaleOrderError: naming both the orders' and the match's turn and version.
    """
    if (turn, version) != (view.turn, view.version):
        raise StaleOrderError(
            f"orders are for turn {turn} (version {version}) but the match is at turn {view.turn} "
            f"(version {view.version})"
        )


def check_orders(view: PlayerView, orders: list[Order] | tuple[Order, ...]) -> PlayerOrders:
    """Check orders against the player's view and group them for resolution.

    Raises:
        GameOverError: if the match has ended.
        IllegalOrderError: the first problem found (``order_problems`` lists all).
    """
    problems = order_problems(view, orders)
    if problems:
        raise problems[0]
    return _group(orders)


def order_problems(view: PlayerView, orders: list[Order] | tuple[Order, ...]) -> list[RulesError]:
    if view.is_over:
        return [GameOverError("the match is over; no more orders are taken")]
    if view.is_eliminated:
        return [IllegalOrderError("you have been eliminated; you can watch but not give orders", code="eliminated")]
    problems: list[RulesError] = []

    def bad(code: IllegalOrderCode, order: Order, why: str) -> None:
        problems.append(IllegalOrderError(f"{order}: {why}", code=code))

    me = view.player
    units = {u.id: u for u in view.units}
    board = view.scenario.board
    rules = view.scenario.ruleset
    unit_types = rules.units
    city_owner = view.city_owner
    limits = rules.agreements
    seen_budget = False
    built_at: set[Hex] = set()
    spent = 0
    moved: set[str] = set()
    postured: dict[str, bool] = {}
    proposed: set[tuple[str, int]] = set()
    answered: set[str] = set()
    left: set[str] = set()
    open_to_me = {p.id for p in view.proposals if p.target == me}
    my_agreements = {a.id for a in view.agreements}
    rivals = {r.id for r in view.rivals if not r.is_eliminated}
    in_force = {(a.kind, a.other(me)) for a in view.agreements}
    pending = {(p.kind, p.target if p.proposer == me else p.proposer) for p in view.proposals}

    for order in orders:
        if isinstance(order, Move):  # the commonest order first (order types are disjoint)
            unit = units.get(order.unit)
            if unit is None:
                bad("unknown-unit", order, f"you have no unit {order.unit!r}")
            elif order.unit in moved:
                bad("duplicate-order", order, "one move per unit a turn")
            elif not unit_types[unit.kind].can_move:
                bad("cannot-move", order, f"a {unit.kind} cannot move")
            elif unit.entrenched:
                bad("entrenched", order, f"{unit.id} is entrenched: order 'posture {unit.id} mobile' and move next turn")
            elif order.to == unit.at:
                bad("unreachable", order, "the unit is already there")
            elif order.to not in board.reachable(unit.at, 2 * unit_types[unit.kind].move):
                bad("unreachable", order, f"{format_hex(order.to)} is out of reach of {unit.id} this turn")
            elif not order.is_attack and city_owner.get(order.to, me) not in (me, None):
                bad("attack-needed", order, "entering a rival's city is an attack: use 'attack'")
            elif postured.get(order.unit):
                bad("conflicting-orders", order, "an entrenching unit cannot also move")
            moved.add(order.unit)
        elif isinstance(order, SetBudget):
            if seen_budget:
                bad("duplicate-order", order, "only one budget a turn")
            elif not order.budget.is_valid:
                bad("bad-budget", order, "the three shares must be between 0 and 100 and add up to 100")
            seen_budget = True
        elif isinstance(order, Build):
            unit_type = rules.units.get(order.kind)
            if unit_type is None:
                bad("unknown-unit-type", order, f"no unit type {order.kind!r} (one of {', '.join(rules.units)})")
            elif view.city_owner.get(order.at, -1) != me:
                bad("not-your-city", order, f"{format_hex(order.at)} is not one of your cities")
            elif order.at in built_at:
                bad("duplicate-order", order, "one build per city a turn")
            elif spent + unit_type.cost > view.treasury:
                bad("cannot-afford", order, f"costs {unit_type.cost}, and {view.treasury - spent} is left of {view.treasury}")
            else:
                built_at.add(order.at)
                spent += unit_type.cost
        elif isinstance(order, SetPosture):
            if order.unit not in units:
                bad("unknown-unit", order, f"you have no unit {order.unit!r}")
            elif order.unit in postured:
                bad("duplicate-order", order, "one posture per unit a turn")
            elif order.entrenched and order.unit in moved:
                bad("conflicting-orders", order, "a moving unit cannot entrench")
            postured[order.unit] = order.entrenched
        elif isinstance(order, Propose):
            if order.kind not in AGREEMENT_KINDS:
                bad("unknown-agreement-kind", order, f"no agreement {order.kind!r} (one of {', '.join(AGREEMENT_KINDS)})")
            elif (order.cap is not None) != (order.kind == "arms_cap") or bool(order.hexes) != (order.kind == "demilitarised"):
                bad("bad-proposal", order, "only an arms cap takes a cap, and only a demilitarised zone takes hexes")
            elif order.target not in rivals:
                bad("unknown-player", order, f"no rival {order.target} in the match")
            elif (order.kind, order.target) in proposed:
                bad("duplicate-order", order, "one proposal of a kind to a player a turn")
            elif order.kind in ("non_aggression", "inspection") and (order.kind, order.target) in in_force:
                bad("already-agreed", order, f"you already have a {order.kind} agreement with player {order.target}")
            elif (order.kind, order.target) in pending:
                bad("already-proposed", order, f"a {order.kind} proposal between you and player {order.target} is open")
            elif order.kind == "arms_cap" and not (order.cap is not None and 0 <= order.cap <= limits.max_arms_cap):
                bad("bad-proposal", order, f"a cap is between 0 and {limits.max_arms_cap}")
            elif order.kind == "demilitarised" and not (
                1 <= len(order.hexes) <= limits.max_demilitarised_hexes and all(board.is_passable(h) for h in order.hexes)
            ):
                bad("bad-proposal", order, f"name 1 to {limits.max_demilitarised_hexes} passable hexes on the map")
            proposed.add((order.kind, order.target))
        elif isinstance(order, Answer):
            if order.proposal not in open_to_me:
                bad("unknown-proposal", order, f"no open proposal {order.proposal!r} to you")
            elif order.proposal in answered:
                bad("duplicate-order", order, "one answer per proposal")
            answered.add(order.proposal)
        elif isinstance(order, Leave):
            if order.agreement not in my_agreements:
                bad("unknown-agreement", order, f"you are in no agreement {order.agreement!r}")
            elif order.agreement in left:
                bad("duplicate-order", order, "already leaving it")
            left.add(order.agreement)
        else:
            problems.append(IllegalOrderError(f"not an order: {order!r}", code="bad-order"))
    return problems


def _group(orders: list[Order] | tuple[Order, ...]) -> PlayerOrders:
    budget = None
    builds, proposals, answers, leaves = [], [], [], []
    moves: dict[str, Move] = {}
    postures: dict[str, bool] = {}
    for order in orders:
        if isinstance(order, SetBudget):
            budget = order.budget
        elif isinstance(order, Build):
            builds.append(order)
        elif isinstance(order, Move):
            moves[order.unit] = order
        elif isinstance(order, SetPosture):
            postures[order.unit] = order.entrenched
        elif isinstance(order, Propose):
            proposals.append(order)
        elif isinstance(order, Answer):
            answers.append(order)
        elif isinstance(order, Leave):
            leaves.append(order)
    return PlayerOrders(budget, tuple(builds), moves, postures, tuple(proposals), tuple(answers), tuple(leaves))
