"""A seat's view rebuilt from its wire form, and the orders being drafted for this turn.

A view is read with the rules' own ``PlayerView.from_mapping`` (the inverse of ``to_mapping``
given the scenario, which the wire names and the caller loads); this module checks the rest of
what the server sends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.rules.hexgrid import Hex
from game.rules.orders import Answer, Build, Leave, Move, Order, Propose, SetBudget, SetPosture, format_orders, parse_orders
# The rules' typed readers: what the server sends is checked value by value, so a malformed
# message is refused where it is read (ValueError) instead of failing later, while drawing a frame.
from game.rules.readers import read_bool as _bool
from game.rules.readers import read_float as _float
from game.rules.readers import read_int as _int
from game.rules.readers import read_list as _list
from game.rules.readers import read_map as _map
from game.rules.readers import read_str as _str
from game.rules.state import Budget


def checked_reveal(data: Any) -> dict[str, Any]:
    """The end-of-match reveal with every field the client reads checked for its type.

    The end screen reads ``players`` (id, name, aim), ``scores`` ([player, score] pairs) and the
    optional per-turn ``history`` (turn, budgets as "m/d/i", strength per player, attacks as [attacker,
    victim] pairs); the rest of the
    reveal passes through unread.

    Raises:
        KeyError, ValueError: if those fields are not what a server sends.
    """
    data = dict(_map(data))
    for player in _list(data.get("players", [])):
        player = _map(player)
        _int(player["id"]), _str(player.get("name", "")), _str(player.get("aim", ""))
    for pair in _list(data.get("scores", [])):
        player, score = _list(pair)
        _int(player), _float(score)
    for row in _list(data.get("history") or []):
        row = _map(row)
        _int(row["turn"])
        for budget in _list(row.get("budgets", [])):
            Budget.parse(_str(budget))
        for strength in _list(row.get("strength", [])):
            _float(strength)
        for pair in _list(row.get("attacks", [])):
            attacker, victim = _list(pair)
            _int(attacker), _int(victim)
    return data


def _optional(value: Any, reader) -> Any:
    return None if value is None else reader(value)


def checked_chat_line(line: Any) -> dict[str, Any]:
    """A chat line ({turn, from, to, text}) with its types checked (ValueError if not a chat line)."""
    line = _map(line)
    return {"turn": _int(line["turn"]), "from": _optional(line.get("from"), _int),
            "to": _optional(line.get("to"), _int), "text": _str(line["text"])}


def checked_seat(entry: Any) -> dict[str, Any]:
    """A seat of the match's seat list ({seat, name, bot, taken, missed}) with its types checked."""
    entry = _map(entry)
    return {**entry, "seat": _int(entry["seat"]), "name": _optional(entry.get("name"), _str),
            "bot": _optional(entry.get("bot"), _str), "taken": _bool(entry.get("taken", False)),
            "missed": _int(entry.get("missed", 0))}


def checked_listed_match(entry: Any) -> dict[str, Any]:
    """One public match of the server's list ({match, code, scenario, phase, turn, seats, turn_seconds})."""
    entry = _map(entry)
    return {**entry, "match": _str(entry["match"]), "code": _str(entry["code"]), "scenario": _str(entry["scenario"]),
            "phase": _str(entry["phase"]), "turn": _int(entry["turn"]),
            "seats": [checked_seat(seat) for seat in _list(entry.get("seats", []))],
            "turn_seconds": _optional(entry.get("turn_seconds"), _int)}


def checked_deadline(value: Any) -> float | None:
    """The server's deadline: seconds since the epoch, or None for no timer."""
    return _optional(value, _float)


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
