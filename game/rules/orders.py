"""Orders and their canonical text notation.

One order per line (or separated by ``;``)::

    budget 40/50/10                      military / development / intelligence, percent
    build infantry at 3,4                at one of your cities
    move a3 to 4,5                       peaceful: stops short of any foreign unit
    attack a3 to 4,5                     fights whatever foreign unit it meets on the way
    posture a3 entrenched                or "mobile"; entrenching takes effect at the end of the turn
    propose non_aggression to 1
    propose arms_cap to 1 cap 3          at most 3 units each in the border zone between you
    propose demilitarised to 1 hexes 2,3 4,5
    propose inspection to 1
    accept 3.0.1.0                       reject 3.0.1.0           leave 3.0.1.0

``parse_orders`` only checks syntax (raising ``OrderSyntaxError``); whether the
orders are allowed is checked against the player's view by ``validation``.
``str(order)`` is the order's canonical text, and it parses back to the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.errors import OrderSyntaxError
from game.rules.hexgrid import Hex, format_hex, parse_hex
from game.rules.state import AGREEMENT_KINDS, Budget, PlayerId, UnitId


@dataclass(frozen=True, slots=True)
class SetBudget:
    budget: Budget

    def __str__(self) -> str:
        return f"budget {self.budget}"


@dataclass(frozen=True, slots=True)
class Build:
    kind: str
    at: Hex

    def __str__(self) -> str:
        return f"build {self.kind} at {format_hex(self.at)}"


@dataclass(frozen=True, slots=True)
class Move:
    unit: UnitId
    to: Hex
    is_attack: bool = False

    def __str__(self) -> str:
        return f"{'attack' if self.is_attack else 'move'} {self.unit} to {format_hex(self.to)}"


@dataclass(frozen=True, slots=True)
class SetPosture:
    unit: UnitId
    entrenched: bool

    def __str__(self) -> str:
        return f"posture {self.unit} {'entrenched' if self.entrenched else 'mobile'}"


@dataclass(frozen=True, slots=True)
class Propose:
    kind: str
    target: PlayerId
    cap: int | None = None
    hexes: tuple[Hex, ...] = ()

    def __str__(self) -> str:
        text = f"propose {self.kind} to {self.target}"
        if self.kind == "arms_cap":
            text += f" cap {self.cap}"
        if self.kind == "demilitarised":
            text += " hexes " + " ".join(format_hex(h) for h in self.hexes)
        return text


@dataclass(frozen=True, slots=True)
class Answer:
    """Accept or reject a proposal made to you."""

    proposal: str
    is_accepted: bool

    def __str__(self) -> str:
        return f"{'accept' if self.is_accepted else 'reject'} {self.proposal}"


@dataclass(frozen=True, slots=True)
class Leave:
    agreement: str

    def __str__(self) -> str:
        return f"leave {self.agreement}"


Order = SetBudget | Build | Move | SetPosture | Propose | Answer | Leave


def format_orders(orders: list[Order] | tuple[Order, ...]) -> str:
    return "\n".join(str(o) for o in orders)


def parse_orders(text: str) -> list[Order]:
    """Parse order text: one order per line or ``;``-separated; ``#`` starts a comment.

    Raises:
        OrderSyntaxError: naming the first line that does not parse.
    """
    orders: list[Order] = []
    for chunk in text.replace(";", "\n").splitlines():
        line = chunk.split("#", 1)[0].strip()
        if line:
            orders.append(parse_order(line))
    return orders


def parse_order(line: str) -> Order:
    """Parse one order.

    Raises:
        OrderSyntaxError: if the text is not an order in the notation above.
    """
    words = line.split()
    try:
        return _PARSERS[words[0]](words)
    except (KeyError, IndexError):
        pass
    except ValueError as error:
        raise OrderSyntaxError(f"cannot parse order {line!r}: {error}") from None
    raise OrderSyntaxError(f"cannot parse order {line!r}")


def _expect(words: list[str], position: int, word: str) -> None:
    if words[position] != word:
        raise ValueError(f"expected {word!r} where {words[position]!r} is")


def _parse_budget(words: list[str]) -> Order:
    if len(words) != 2:
        raise IndexError
    return SetBudget(Budget.parse(words[1]))


def _parse_build(words: list[str]) -> Order:
    if len(words) != 4:
        raise IndexError
    _expect(words, 2, "at")
    return Build(words[1], parse_hex(words[3]))


def _parse_move(words: list[str]) -> Order:
    if len(words) != 4:
        raise IndexError
    _expect(words, 2, "to")
    return Move(words[1], parse_hex(words[3]), is_attack=words[0] == "attack")


def _parse_posture(words: list[str]) -> Order:
    if len(words) != 3 or words[2] not in ("entrenched", "mobile"):
        raise ValueError("posture is 'entrenched' or 'mobile'")
    return SetPosture(words[1], words[2] == "entrenched")


def _parse_propose(words: list[str]) -> Order:
    if len(words) < 4:
        raise IndexError
    kind = words[1]
    if kind not in AGREEMENT_KINDS:
        raise ValueError(f"unknown agreement {kind!r} (one of {', '.join(AGREEMENT_KINDS)})")
    _expect(words, 2, "to")
    target = int(words[3])
    rest = words[4:]
    if kind == "arms_cap":
        if len(rest) != 2 or rest[0] != "cap":
            raise ValueError("an arms cap needs 'cap N'")
        return Propose(kind, target, cap=int(rest[1]))
    if kind == "demilitarised":
        if len(rest) < 2 or rest[0] != "hexes":
            raise ValueError("a demilitarised zone needs 'hexes q,r ...'")
        return Propose(kind, target, hexes=tuple(parse_hex(w) for w in rest[1:]))
    if rest:
        raise ValueError(f"unexpected {' '.join(rest)!r}")
    return Propose(kind, target)


def _parse_answer(words: list[str]) -> Order:
    if len(words) != 2:
        raise IndexError
    return Answer(words[1], is_accepted=words[0] == "accept")


def _parse_leave(words: list[str]) -> Order:
    if len(words) != 2:
        raise IndexError
    return Leave(words[1])


_PARSERS = {
    "budget": _parse_budget,
    "build": _parse_build,
    "move": _parse_move,
    "attack": _parse_move,
    "posture": _parse_posture,
    "propose": _parse_propose,
    "accept": _parse_answer,
    "reject": _parse_answer,
    "leave": _parse_leave,
}
