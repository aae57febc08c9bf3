"""A seat's view rebuilt from its wire form, and the orders being drafted for this turn.

``view_from_mapping`` is the inverse of ``PlayerView.to_mapping`` given the scenario
(the wire names the scenario; its map and rules are public and loaded by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from game.rules import PlayerView, Scenario
from game.rules.hexgrid import Hex, parse_hex
from game.rules.orders import Answer, Build, Leave, Move, Order, Propose, SetBudget, SetPosture, format_orders, parse_orders
from game.rules.state import Agreement, Budget, Event, Proposal, Sighting, Unit
from game.rules.views import RivalInfo


def parse_budget(text: str) -> Budget:
    military, development, intelligence = (int(part) for part in text.split("/"))
    return Budget(military, development, intelligence)


def view_from_mapping(data: Mapping[str, Any], scenario: Scenario) -> PlayerView:
    """The ``PlayerView`` a ``view`` map stands for.

    Raises:
        KeyError, ValueError, TypeError: if the map is not a view's wire form.
    """
    turn = int(data["turn"])

    def sighting(s: Mapping[str, Any]) -> Sighting:
        low, high = s["strength"]
        return Sighting(at=parse_hex(s["at"]), owner=s["owner"], looks=s["looks"], reliability=float(s["reliability"]),
                        strength_low=low, strength_high=high, entrenched=bool(s["entrenched"]),
                        seen_turn=turn - int(s["age"]))

    return PlayerView(
        scenario=scenario,
        turn=turn,
        version=int(data["version"]),
        is_over=bool(data["is_over"]),
        player=int(data["player"]),
        is_eliminated=bool(data["eliminated"]),
        aim=str(data["aim"]),
        treasury=int(data["treasury"]),
        development=int(data["development"]),
        intel_level=int(data["intel_level"]),
        budget=parse_budget(data["budget"]),
        units=tuple(Unit(u["id"], u["owner"], u["kind"], parse_hex(u["at"]), u["strength"], bool(u["entrenched"]))
                    for u in data["units"]),
        city_owner={parse_hex(h): owner for h, owner in data["cities"]},
        visible=frozenset(parse_hex(h) for h in data["visible"]),
        sightings=tuple(sighting(s) for s in data["sightings"]),
        ghosts=tuple(sighting(s) for s in data["ghosts"]),
        report=tuple(Event(e["kind"], e["turn"], parse_hex(e["at"]) if e.get("at") else None, e.get("details") or {})
                     for e in data["report"]),
        agreements=tuple(Agreement(a["id"], a["kind"], tuple(a["parties"]), a["since_turn"], a.get("cap"),  # type: ignore[arg-type]
                                   tuple(parse_hex(h) for h in a.get("hexes", ()))) for a in data["agreements"]),
        proposals=tuple(Proposal(p["id"], p["kind"], p["proposer"], p["target"], p["made_turn"], p.get("cap"),
                                 tuple(parse_hex(h) for h in p.get("hexes", ()))) for p in data["proposals"]),
        rivals=tuple(RivalInfo(r["id"], r["name"], bool(r["eliminated"]), int(r["cities"])) for r in data["rivals"]),
    )


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

    @classmethod
    def from_text(cls, text: str) -> "Draft":
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
        return orders

    def to_text(self) -> str:
        """The orders in the rules' notation, one a line (budget, builds, moves, postures, diplomacy)."""
        return format_orders(self.orders())
