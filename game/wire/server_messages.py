"""The server's messages: one frozen type each, with ``to_mapping`` and ``from_mapping``.

The server builds every frame of a match or the lobby from these types (``to_mapping``); a
client reads a frame with ``parse_server_message`` and gets the typed message, every field
checked for its type, unknown fields refused, so no reader guesses a key. docs/PROTOCOL.md
("Server messages, field by field") documents each one; the views travel as the maps
``PlayerView.to_mapping`` and ``spectator_view`` make and are read with the rules' own readers.

Fields that are nil are left out of a frame only where the protocol says they are absent
(``error.detail``, the optional fields of ``event``); elsewhere nil is sent as nil.
"""

from __future__ import annotations

import types
import typing
from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, Mapping, TypeVar, Union

from game.rules.budget import Budget
from game.wire.errors import WireError

AnyMap = dict[str, Any]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SeatInfo:
    """One seat of a match as every seat and spectator sees it."""

    seat: int
    name: str | None  # the player's name; None if no person holds it
    bot: str | None  # the bot playing it, if any
    taken: bool  # a person or a bot holds it
    missed: int  # deadlines missed in a row

    def to_mapping(self) -> AnyMap:
        return {"seat": self.seat, "name": self.name, "bot": self.bot, "taken": self.taken, "missed": self.missed}

    @classmethod
    def from_mapping(cls, mapping: Any) -> SeatInfo:
        return _read(cls, mapping)


@dataclass(frozen=True, slots=True)
class ChatLine:
    turn: int
    sender: int
    to: int | None  # None: public
    text: str

    def to_mapping(self) -> AnyMap:
        # No running number: a gap in it would tell a seat that others talked privately.
        return {"turn": self.turn, "from": self.sender, "to": self.to, "text": self.text}

    @classmethod
    def from_mapping(cls, mapping: Any) -> ChatLine:
        mapping = _as_map("chat line", mapping)
        renamed = {("sender" if key == "from" else key): value for key, value in mapping.items()}
        if "sender" in mapping:
            raise WireError("bad-message", "chat line: unknown field 'sender'")
        return _read(cls, renamed)


@dataclass(frozen=True, slots=True)
class ListedMatch:
    match: str
    code: str
    scenario: str
    phase: str
    turn: int
    seats: list[SeatInfo]
    turn_seconds: int
    press: str
    seed: int | None  # an open seed; None for a secret one

    def to_mapping(self) -> AnyMap:
        return _write(self)

    @classmethod
    def from_mapping(cls, mapping: Any) -> ListedMatch:
        return _read(cls, mapping)


@dataclass(frozen=True, slots=True)
class RevealedPlayer:
    """A player as the reveal names it: the parts a client reads (the rest of its record stays in
    ``MatchReveal.state``)."""

    id: int
    name: str
    aim: str  # "security" or "revisionist"

    @classmethod
    def from_mapping(cls, mapping: Any) -> RevealedPlayer:
        mapping = _as_map("reveal player", mapping)
        missing = [key for key in ("id", "name", "aim") if key not in mapping]
        if missing:
            raise WireError("bad-message", f"reveal player: field {missing[0]!r} is missing")
        return cls(_value("reveal player.id", mapping["id"], int), _value("reveal player.name", mapping["name"], str),
                   _value("reveal player.aim", mapping["aim"], str))


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One turn played, as the reveal's ``history`` tells it (for the end screen and the debrief)."""

    turn: int
    budgets: list[str]  # per player, the true split "military/development/intelligence"
    strength: list[int]  # per player, the total strength of its units after the turn
    attacks: list[list[int]]  # [attacker, victim] pairs

    def __post_init__(self) -> None:
        for budget in self.budgets:
            try:
                Budget.parse(budget)
            except ValueError as problem:
                raise WireError("bad-message", f"history: budget {budget!r}: {problem}") from None
        if any(len(pair) != 2 for pair in self.attacks):
            raise WireError("bad-message", "history: an attack is not an [attacker, victim] pair")

    def to_mapping(self) -> AnyMap:
        return _write(self)

    @classmethod
    def from_mapping(cls, mapping: Any) -> TurnRecord:
        return _read(cls, mapping)


@dataclass(frozen=True, slots=True)
class MatchReveal:
    """The end-of-match reveal (docs/PROTOCOL.md, Reveal): the omniscient state, scores and history.

    What a client reads is typed: each player's name and aim, the scores, the per-turn history
    (None from a server that does not send one). The rest of the omniscient state (units, purses,
    the true events) passes through unread in ``state``, the map as it came, so ``to_mapping``
    gives back exactly what ``from_mapping`` read.
    """

    players: list[RevealedPlayer]
    scores: dict[int, int]  # player -> score
    history: list[TurnRecord] | None
    state: AnyMap

    def to_mapping(self) -> AnyMap:
        return dict(self.state)

    @classmethod
    def from_mapping(cls, mapping: Any) -> MatchReveal:
        mapping = _as_map("reveal", mapping)
        for key in ("players", "scores"):
            if key not in mapping:
                raise WireError("bad-message", f"reveal: field {key!r} is missing")
        players = _value("reveal.players", mapping["players"], list[RevealedPlayer])
        scores: dict[int, int] = {}
        for pair in _value("reveal.scores", mapping["scores"], list[list[int]]):
            if len(pair) != 2:
                raise WireError("bad-message", "reveal.scores: not a [player, score] pair")
            scores[pair[0]] = pair[1]
        history = _value("reveal.history", mapping.get("history"), list[TurnRecord] | None)
        return cls(players, scores, history, dict(mapping))


# --- messages -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Welcome:
    TYPE: ClassVar[str] = "welcome"
    id: int | None
    protocol: int
    scenarios: list[str]
    bots: list[str]


@dataclass(frozen=True, slots=True)
class ErrorReply:
    TYPE: ClassVar[str] = "error"
    OMIT_NIL: ClassVar[frozenset[str]] = frozenset({"detail"})
    id: int | None
    code: str
    message: str
    detail: str | None = None  # rules errors: the rules engine's own code


@dataclass(frozen=True, slots=True)
class Created:
    TYPE: ClassVar[str] = "created"
    id: int | None
    match: str
    code: str
    host_token: str
    seed: int | None


@dataclass(frozen=True, slots=True)
class MatchList:
    TYPE: ClassVar[str] = "matches"
    id: int | None
    matches: list[ListedMatch]
    next: str | None  # the cursor of the next page; None on the last


@dataclass(frozen=True, slots=True)
class Joined:
    TYPE: ClassVar[str] = "joined"
    id: int | None
    match: str
    seat: int
    token: str | None  # None when answering ``rejoin``
    beliefs: bool = False  # the seat records its beliefs each turn (a class match with belief recording on)


@dataclass(frozen=True, slots=True)
class Spectating:
    TYPE: ClassVar[str] = "spectating"
    id: int | None
    match: str


@dataclass(frozen=True, slots=True)
class Left:
    TYPE: ClassVar[str] = "left"
    id: int | None
    match: str


@dataclass(frozen=True, slots=True)
class SyncState:
    TYPE: ClassVar[str] = "sync"
    id: int | None
    match: str
    seat: int | None  # None: a spectator
    phase: str
    deadline: float | None
    view: AnyMap  # a PlayerView's mapping, or a spectator view
    orders: str | None
    ready: bool
    seats: list[SeatInfo]
    chat: list[ChatLine]
    seed: int | None
    reveal: MatchReveal | None


@dataclass(frozen=True, slots=True)
class Ack:
    TYPE: ClassVar[str] = "ack"
    id: int | None
    match: str
    turn: int
    version: int
    orders: str  # canonical text


@dataclass(frozen=True, slots=True)
class ReadyAck:
    TYPE: ClassVar[str] = "ready-ack"
    id: int | None
    match: str
    turn: int
    version: int
    ready: bool


@dataclass(frozen=True, slots=True)
class ChatPosted:
    TYPE: ClassVar[str] = "chat"
    id: int | None
    match: str
    line: ChatLine


@dataclass(frozen=True, slots=True)
class TurnResolved:
    TYPE: ClassVar[str] = "turn"
    id: int | None
    match: str
    deadline: float | None
    flagged: list[int]
    view: AnyMap


@dataclass(frozen=True, slots=True)
class HistoryViews:
    TYPE: ClassVar[str] = "history"
    id: int | None
    match: str
    seat: int
    views: list[AnyMap]


@dataclass(frozen=True, slots=True)
class Reveal:
    TYPE: ClassVar[str] = "reveal"
    id: int | None
    match: str
    reveal: MatchReveal


@dataclass(frozen=True, slots=True)
class HostAck:
    TYPE: ClassVar[str] = "host-ack"
    id: int | None
    match: str
    action: str


@dataclass(frozen=True, slots=True)
class MatchEvent:
    """Something happened in a match. ``phase`` and ``deadline`` go together (host actions only)."""

    TYPE: ClassVar[str] = "event"
    OMIT_NIL: ClassVar[frozenset[str]] = frozenset({"seat", "name", "text"})
    id: int | None
    match: str
    kind: str
    seat: int | None = None
    name: str | None = None
    text: str | None = None
    phase: str | None = None
    deadline: float | None = None

    def to_mapping(self) -> AnyMap:
        data = _write(self)
        if self.phase is None:  # not a host action: neither is sent
            del data["phase"], data["deadline"]
        return data


ServerMessage = (Welcome | ErrorReply | Created | MatchList | Joined | Spectating | Left | SyncState | Ack | ReadyAck
                 | ChatPosted | TurnResolved | HistoryViews | Reveal | HostAck | MatchEvent)
SERVER_MESSAGES: dict[str, type] = {cls.TYPE: cls for cls in typing.get_args(ServerMessage)}


def to_mapping(message: ServerMessage) -> AnyMap:
    """The frame's map for a server message."""
    custom = getattr(type(message), "to_mapping", None)
    return custom(message) if custom is not None else _write(message)


def parse_server_message(mapping: Mapping[str, Any]) -> ServerMessage:
    """The typed message a server frame's map stands for (for clients).

    Raises:
        WireError: ``unknown-type`` for a type not in ``SERVER_MESSAGES``; ``bad-message`` for a
            missing or unknown field or a value of the wrong type.
    """
    kind = mapping.get("type") if isinstance(mapping, Mapping) else None
    cls = SERVER_MESSAGES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise WireError("unknown-type", f"no server message type {kind!r}")
    return _read(cls, {key: value for key, value in mapping.items() if key != "type"})


# --- the generic reading and writing ------------------------------------------------------------

_NAMES: dict[type, tuple[str, ...]] = {}
_PLAIN = frozenset({str, int, float, bool, type(None), dict})


def _write(value: Any) -> AnyMap:
    # Runs for every frame the server sends (an ack per order): the field names are looked up once
    # per class, and scalars are written as they are.
    cls = type(value)
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    data: AnyMap = {}
    kind = getattr(cls, "TYPE", None)
    if kind is not None:
        data["type"] = kind
    omit = getattr(cls, "OMIT_NIL", ())
    for name in names:
        item = getattr(value, name)
        if type(item) in _PLAIN:
            if item is None and name in omit:
                continue
            data[name] = item
        else:
            data[name] = _plain(item)
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "to_mapping") and not isinstance(value, dict):
        return value.to_mapping()
    return value


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = {k: v for k, v in typing.get_type_hints(cls).items()
                               if typing.get_origin(v) is not ClassVar}
    return hints


def _as_map(where: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise WireError("bad-message", f"{where} must be a map, not {type(value).__name__}")
    return value


def _read(cls: type[T], mapping: Any) -> T:
    name = getattr(cls, "TYPE", cls.__name__)
    mapping = _as_map(name, mapping)
    hints = _hints(cls)
    unknown = sorted(str(key) for key in mapping if key not in hints)
    if unknown:
        raise WireError("bad-message", f"{name}: unknown field {unknown[0]!r}")
    values: dict[str, Any] = {}
    optional = {f.name for f in fields(cls) if f.default is not MISSING}  # type: ignore[arg-type]
    for field_name, hint in hints.items():
        if field_name not in mapping:
            if field_name in optional:
                continue
            raise WireError("bad-message", f"{name}: field {field_name!r} is missing")
        values[field_name] = _value(f"{name}.{field_name}", mapping[field_name], hint)
    return cls(**values)


def read_typed(where: str, value: Any, hint: Any) -> Any:
    """``value`` checked against the type ``hint`` as a message's field is (for other typed maps: the
    server's log records); ``where`` names it in the error.

    Raises:
        WireError: ``bad-message`` for a value of another type.
    """
    return _value(where, value, hint)


def _value(where: str, value: Any, hint: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return value
    if origin is Union or origin is types.UnionType:
        if value is None and type(None) in args:
            return None
        *others, last = [a for a in args if a is not type(None)]
        for inner in others:  # (one type but nil, in every message; a record's field may be one of two)
            try:
                return _value(where, value, inner)
            except WireError:
                pass
        return _value(where, value, last)
    if origin is list:
        if not isinstance(value, list):
            raise WireError("bad-message", f"{where} must be a list, not {type(value).__name__}")
        return [_value(f"{where}[{i}]", item, args[0]) for i, item in enumerate(value)]
    if origin is dict:
        return dict(_as_map(where, value))
    if hasattr(hint, "from_mapping"):
        return hint.from_mapping(value)
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WireError("bad-message", f"{where} must be a number, not {type(value).__name__}")
        return float(value)
    if type(value) is not hint:  # bool is not int
        raise WireError("bad-message", f"{where} must be a {hint.__name__}, not {type(value).__name__}")
    return value
