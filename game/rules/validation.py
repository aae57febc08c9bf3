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
from typing import Any, Callable

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
    """Every problem with a player's orders, in the order of the orders (empty: they may all be given).

    One check a kind of order (RULES §3.2); each sees the orders before it (two moves of one
    unit, builds that together cost more than the treasury).
    """
    if view.is_over:
        return [GameOverError("the match is over; no more orders are taken")]
    if view.is_eliminated:
        return [IllegalOrderError("you have been eliminated; you can watch but not give orders", code="eliminated")]
    checks = _Checks(view)
    problems: list[RulesError] = []
    for order in orders:
        check = _CHECKS.get(type(order))
        if check is None:
            problems.append(IllegalOrderError(f"not an order: {order!r}", code="bad-order"))
            continue
        found = check(checks, order)
        if found is not None:
            code, why = found
            problems.append(IllegalOrderError(f"{order}: {why}", code=code))
    return problems


_Problem = tuple[IllegalOrderCode, str]


class _Checks:
    """What the checks of one player's orders know: its view, and the orders checked so far."""

    def __init__(self, view: PlayerView) -> None:
        me = view.player
        self.view = view
        self.units = {u.id: u for u in view.units}
        self.seen_budget = False
        self.built_at: set[Hex] = set()
        self.spent = 0
        self.moved: set[str] = set()
        self.postured: dict[str, bool] = {}
        self.proposed: set[tuple[str, int]] = set()
        self.answered: set[str] = set()
        self.left: set[str] = set()
        self.open_to_me = {p.id for p in view.proposals if p.target == me}
        self.my_agreements = {a.id for a in view.agreements}
        self.rivals = {r.id for r in view.rivals if not r.is_eliminated}
        self.in_force = {(a.kind, a.other(me)) for a in view.agreements}
        self.pending = {(p.kind, p.target if p.proposer == me else p.proposer) for p in view.proposals}

    def move(self, order: Move) -> _Problem | None:
        problem = self._move_problem(order)
        self.moved.add(order.unit)
        return problem

    def _move_problem(self, order: Move) -> _Problem | None:
        view = self.view
        unit_types = view.scenario.ruleset.units
        unit = self.units.get(order.unit)
        if unit is None:
            return "unknown-unit", f"you have no unit {order.unit!r}"
        if order.unit in self.moved:
            return "duplicate-order", "one move per unit a turn"
        if not unit_types[unit.kind].can_move:
            return "cannot-move", f"a {unit.kind} cannot move"
        if unit.entrenched:
            return "entrenched", f"{unit.id} is entrenched: order 'posture {unit.id} mobile' and move next turn"
        if order.to == unit.at:
            return "unreachable", "the unit is already there"
        if order.to not in view.scenario.board.reachable(unit.at, 2 * unit_types[unit.kind].move):
            return "unreachable", f"{format_hex(order.to)} is out of reach of {unit.id} this turn"
        if not order.is_attack and view.city_owner.get(order.to, view.player) not in (view.player, None):
            return "attack-needed", "entering a rival's city is an attack: use 'attack'"
        if self.postured.get(order.unit):
            return "conflicting-orders", "an entrenching unit cannot also move"
        return None

    def budget(self, order: SetBudget) -> _Problem | None:
        problem: _Problem | None = None
        if self.seen_budget:
            problem = "duplicate-order", "only one budget a turn"
        elif not order.budget.is_valid:
            problem = "bad-budget", "the three shares must be between 0 and 100 and add up to 100"
        self.seen_budget = True
        return problem

    def build(self, order: Build) -> _Problem | None:
        view = self.view
        kinds = view.scenario.ruleset.units
        unit_type = kinds.get(order.kind)
        if unit_type is None:
            return "unknown-unit-type", f"no unit type {order.kind!r} (one of {', '.join(kinds)})"
        if view.city_owner.get(order.at, -1) != view.player:
            return "not-your-city", f"{format_hex(order.at)} is not one of your cities"
        if order.at in self.built_at:
            return "duplicate-order", "one build per city a turn"
        if self.spent + unit_type.cost > view.treasury:
            return "cannot-afford", f"costs {unit_type.cost}, and {view.treasury - self.spent} is left of {view.treasury}"
        self.built_at.add(order.at)
        self.spent += unit_type.cost
        return None

    def posture(self, order: SetPosture) -> _Problem | None:
        problem: _Problem | None = None
        if order.unit not in self.units:
            problem = "unknown-unit", f"you have no unit {order.unit!r}"
        elif order.unit in self.postured:
            problem = "duplicate-order", "one posture per unit a turn"
        elif order.entrenched and order.unit in self.moved:
            problem = "conflicting-orders", "a moving unit cannot entrench"
        self.postured[order.unit] = order.entrenched
        return problem

    def propose(self, order: Propose) -> _Problem | None:
        problem = self._proposal_problem(order)
        self.proposed.add((order.kind, order.target))
        return problem

    def _proposal_problem(self, order: Propose) -> _Problem | None:
        limits = self.view.scenario.ruleset.agreements
        pair = (order.kind, order.target)
        if order.kind not in AGREEMENT_KINDS:
            return "unknown-agreement-kind", f"no agreement {order.kind!r} (one of {', '.join(AGREEMENT_KINDS)})"
        if (order.cap is not None) != (order.kind == "arms_cap") or bool(order.hexes) != (order.kind == "demilitarised"):
            return "bad-proposal", "only an arms cap takes a cap, and only a demilitarised zone takes hexes"
        if order.target not in self.rivals:
            return "unknown-player", f"no rival {order.target} in the match"
        if pair in self.proposed:
            return "duplicate-order", "one proposal of a kind to a player a turn"
        if order.kind in ("non_aggression", "inspection") and pair in self.in_force:
            return "already-agreed", f"you already have a {order.kind} agreement with player {order.target}"
        if pair in self.pending:
            return "already-proposed", f"a {order.kind} proposal between you and player {order.target} is open"
        if order.kind == "arms_cap" and not (order.cap is not None and 0 <= order.cap <= limits.max_arms_cap):
            return "bad-proposal", f"a cap is between 0 and {limits.max_arms_cap}"
        if order.kind == "demilitarised" and not (
            1 <= len(order.hexes) <= limits.max_demilitarised_hexes
            and all(self.view.scenario.board.is_passable(h) for h in order.hexes)
        ):
            return "bad-proposal", f"name 1 to {limits.max_demilitarised_hexes} passable hexes on the map"
        return None

    def answer(self, order: Answer) -> _Problem | None:
        problem: _Problem | None = None
        if order.proposal not in self.open_to_me:
            problem = "unknown-proposal", f"no open proposal {order.proposal!r} to you"
        elif order.proposal in self.answered:
            problem = "duplicate-order", "one answer per proposal"
        self.answered.add(order.proposal)
        return problem

    def leave(self, order: Leave) -> _Problem | None:
        problem: _Problem | None = None
        if order.agreement not in self.my_agreements:
            problem = "unknown-agreement", f"you are in no agreement {order.agreement!r}"
        elif order.agreement in self.left:
            problem = "duplicate-order", "already leaving it"
        self.left.add(order.agreement)
        return problem


_CHECKS: dict[type, Callable[[_Checks, Any], _Problem | None]] = {
    Move: _Checks.move, SetBudget: _Checks.budget, Build: _Checks.build, SetPosture: _Checks.posture,
    Propose: _Checks.propose, Answer: _Checks.answer, Leave: _Checks.leave,
}


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
