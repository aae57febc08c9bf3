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
from game.rules.events import event_from_mapping
from game.rules.state import Agreement, Budget, Proposal, Sighting, Unit
from game.rules.views import RivalInfo


# Typed readers: a view from the wire is checked value by value, so a malformed one is refused
# here (ValueError) instead of failing later, in the middle of drawing a frame.

def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {value!r:.40}")
    return value


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ValueError(f"expected a number, got {value!r:.40}")
    return float(value)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r:.40}")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r:.40}")
    return value


def _hex(value: Any) -> Hex:
    return parse_hex(_str(value))


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {value!r:.40}")
    return value


def _map(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a map, got {value!r:.40}")
    return value


def _owner(value: Any) -> int | None:
    return None if value is None else _int(value)


def view_from_mapping(data: Mapping[str, Any], scenario: Scenario) -> PlayerView:
    """The ``PlayerView`` a ``view`` map stands for.

    Raises:
        KeyError, ValueError, TypeError: if the map is not a view's wire form.
    """
    data = _map(data)
    turn = _int(data["turn"])

    def sighting(s: Any) -> Sighting:
        s = _map(s)
        low, high = (_int(v) for v in _list(s["strength"]))
        return Sighting(at=_hex(s["at"]), owner=_int(s["owner"]), looks=_str(s["looks"]),
                        reliability=_float(s["reliability"]), strength_low=low, strength_high=high,
                        entrenched=_bool(s["entrenched"]), seen_turn=turn - _int(s["age"]))

    def unit(u: Any) -> Unit:
        u = _map(u)
        return Unit(_str(u["id"]), _int(u["owner"]), _str(u["kind"]), _hex(u["at"]), _int(u["strength"]),
                    _bool(u["entrenched"]))

    def agreement(a: Any) -> Agreement:
        a = _map(a)
        cap = a.get("cap")
        return Agreement(_str(a["id"]), _str(a["kind"]), tuple(_int(p) for p in _list(a["parties"])),  # type: ignore[arg-type]
                         _int(a["since_turn"]), None if cap is None else _int(cap),
                         tuple(_hex(h) for h in _list(a.get("hexes", []))))

    def proposal(p: Any) -> Proposal:
        p = _map(p)
        cap = p.get("cap")
        return Proposal(_str(p["id"]), _str(p["kind"]), _int(p["proposer"]), _int(p["target"]),
                        _int(p["made_turn"]), None if cap is None else _int(cap),
                        tuple(_hex(h) for h in _list(p.get("hexes", []))))

    def rival(r: Any) -> RivalInfo:
        r = _map(r)
        return RivalInfo(_int(r["id"]), _str(r["name"]), _bool(r["eliminated"]), _int(r["cities"]))

    def city(pair: Any) -> tuple[Hex, int | None]:
        at, owner = _list(pair)
        return _hex(at), _owner(owner)

    return PlayerView(
        scenario=scenario,
        turn=turn,
        version=_int(data["version"]),
        is_over=_bool(data["is_over"]),
        player=_int(data["player"]),
        is_eliminated=_bool(data["eliminated"]),
        aim=_str(data["aim"]),
        treasury=_int(data["treasury"]),
        development=_int(data["development"]),
        intel_level=_int(data["intel_level"]),
        budget=Budget.parse(_str(data["budget"])),
        units=tuple(unit(u) for u in _list(data["units"])),
        city_owner=dict(city(pair) for pair in _list(data["cities"])),
        visible=frozenset(_hex(h) for h in _list(data["visible"])),
        sightings=tuple(sighting(s) for s in _list(data["sightings"])),
        ghosts=tuple(sighting(s) for s in _list(data["ghosts"])),
        report=tuple(event_from_mapping(e) for e in _list(data["report"])),
        agreements=tuple(agreement(a) for a in _list(data["agreements"])),
        proposals=tuple(proposal(p) for p in _list(data["proposals"])),
        rivals=tuple(rival(r) for r in _list(data["rivals"])),
    )


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
