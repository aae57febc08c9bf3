"""The orders being drafted for this turn.

(What the server sends is read elsewhere: its messages by the wire's typed ``parse_server_message``,
a seat's view by the rules' own ``PlayerView.from_mapping``.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.rules.hexgrid import Hex
from game.rules.orders import (
    Answer, Build, Conceal, Leave, Move, Order, Propose, SetBudget, SetPosture, format_orders, parse_orders,
)
from game.rules.state import Budget


@dataclass
class Draft:
    """This turn's orders as the player is composing them (sent as order text on "End turn")."""

    budget: Budget | None = None
    moves: dict[str, tuple[Hex, bool]] = field(default_factory=dict)  # unit id -> (destination, is_attack)
    builds: dict[Hex, str] = field(default_factory=dict)  # city -> unit type
    postures: dict[str, bool] = field(default_factory=dict)  # unit id -> entrenched?
    proposals: dict[tuple[str, int], Propose] = field(default_factory=dict)  # (kind, rival) -> the proposal
    answers: dict[str, bool] = field(default_factory=dict)  # proposal id -> accepted?
    leaves: set[str] = field(default_factory=set)  # agreement ids to leave
    conceals: set[str] = field(default_factory=set)  # unit ids hidden from inspections this turn

    @classmethod
    def from_text(cls, text: str) -> Draft:
        """The draft that ``to_text`` would give back as ``text`` (e.g. orders the server already holds).

        Raises:
            OrderSyntaxError: if the text does not parse.
        """
        draft = cls()
        for order in parse_orders(text):
            if isinstance(order, SetBudget):
                draft.budget = order.budget
            elif isinstance(order, Build):
                draft.builds[order.at] = order.kind
            elif isinstance(order, Move):
                draft.moves[order.unit] = (order.to, order.is_attack)
            elif isinstance(order, SetPosture):
                draft.postures[order.unit] = order.entrenched
            elif isinstance(order, Propose):
                draft.proposals[(order.kind, order.target)] = order
            elif isinstance(order, Answer):
                draft.answers[order.proposal] = order.is_accepted
            elif isinstance(order, Leave):
                draft.leaves.add(order.agreement)
            elif isinstance(order, Conceal):
                draft.conceals.add(order.unit)
        return draft

    def orders(self) -> list[Order]:
        """The drafted orders as the rules' order values, in a stable order."""
        orders: list[Order] = []
        if self.budget is not None:
            orders.append(SetBudget(self.budget))
        orders += [Build(kind, city) for city, kind in sorted(self.builds.items())]
        orders += [Move(unit, to, attack) for unit, (to, attack) in sorted(self.moves.items())]
        orders += [SetPosture(unit, dug) for unit, dug in sorted(self.postures.items())]
        orders += [proposal for _, proposal in sorted(self.proposals.items())]
        orders += [Answer(proposal, accepted) for proposal, accepted in sorted(self.answers.items())]
        orders += [Leave(agreement) for agreement in sorted(self.leaves)]
        orders += [Conceal(unit) for unit in sorted(self.conceals)]
        return orders

    def to_text(self) -> str:
        """The orders in the rules' notation, one a line (budget, builds, moves, postures, diplomacy)."""
        return format_orders(self.orders())
