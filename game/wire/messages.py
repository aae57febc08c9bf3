"""The protocol's messages: each client message type is a frozen value parsed from a map.

``parse_client_message(mapping)`` checks the ``type`` and every field (type, range,
length) and returns one of the classes in ``CLIENT_MESSAGES``; unknown fields are
refused too, so a typo never passes silently. Server messages are typed in
``game/wire/server_messages.py``; ``error_message`` and ``reply`` (still used by the class
session's answers) build their maps.
See docs/PROTOCOL.md for the message-by-message description.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from game.wire.errors import WireError
from game.wire.server_messages import ErrorReply
from game.wire.server_messages import to_mapping as server_to_mapping

PROTOCOL_VERSION = 1
MAX_REQUEST_ID = 2**53
MAX_NAME = 40
MAX_ORDERS_TEXT = 8 * 1024
MAX_CHAT = 2000
MAX_SEATS = 8
MAX_TURN_SECONDS = 7 * 24 * 3600
PRESS_MODES = ("full", "public", "none")  # full: public and private chat; public: public only; none: no chat
HOST_ACTIONS = ("start", "pause", "resume", "extend", "advance", "kick", "bot")


@dataclass(frozen=True, slots=True)
class Spec:
    """What one field may hold: a type, whether it may be missing or null, and bounds."""

    kind: type
    optional: bool = False  # may be absent or nil (then the default)
    low: int | None = None  # for int: the smallest value; for str and list: the shortest length
    high: int | None = None
    choices: tuple[str, ...] | None = None
    items: Spec | None = None  # for lists
    is_multiline: bool = False  # for str: may hold line breaks and tabs (the orders text only)
    is_plain: bool = field(init=False)  # an int or a str with bounds only: checked on a fast path

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_plain", self.kind in (int, str) and self.choices is None and self.items is None)


def _int(low: int, high: int, optional: bool = False) -> Spec:
    return Spec(int, optional, low, high)


def _str(low: int, high: int, optional: bool = False, choices: tuple[str, ...] | None = None) -> Spec:
    return Spec(str, optional, low, high, choices)


REQUEST_ID = _int(0, MAX_REQUEST_ID)
MATCH_ID = _str(1, 64)
TOKEN = _str(1, 128)


@dataclass(frozen=True, slots=True)
class Hello:
    TYPE: ClassVar[str] = "hello"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "protocol": _int(0, 2**31), "name": _str(0, MAX_NAME, True)}
    id: int
    protocol: int
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Create:
    TYPE: ClassVar[str] = "create"
    SPECS: ClassVar[dict[str, Spec]] = {
        "id": REQUEST_ID, "scenario": _str(1, 64), "seed": _int(0, 2**63 - 1, True),
        # one entry per seat: a bot's name, or nil for a seat open to players
        "seats": Spec(list, False, 1, MAX_SEATS, items=Spec(str, True, 1, 32)),
        "turn_seconds": _int(0, MAX_TURN_SECONDS, True), "press": _str(1, 8, True, PRESS_MODES),
        "public": Spec(bool, True), "max_missed": _int(1, 100, True),
    }
    id: int
    scenario: str
    seats: list[str | None]
    seed: int | None = None
    turn_seconds: int | None = None  # 0 or nil: no timer (turns end when every seat is ready)
    press: str | None = None
    public: bool | None = None
    max_missed: int | None = None


@dataclass(frozen=True, slots=True)
class ListMatches:
    TYPE: ClassVar[str] = "list"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "cursor": _str(1, 128, True)}
    id: int
    cursor: str | None = None  # nil: the first page; else the ``next`` of the page before


@dataclass(frozen=True, slots=True)
class Join:
    TYPE: ClassVar[str] = "join"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "code": _str(1, 64), "name": _str(1, MAX_NAME),
                                         "seat": _int(0, MAX_SEATS - 1, True)}
    id: int
    code: str
    name: str
    seat: int | None = None


@dataclass(frozen=True, slots=True)
class Rejoin:
    TYPE: ClassVar[str] = "rejoin"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID, "token": TOKEN}
    id: int
    match: str
    token: str


@dataclass(frozen=True, slots=True)
class Spectate:
    TYPE: ClassVar[str] = "spectate"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "code": _str(1, 64)}
    id: int
    code: str  # a join code or a match id


@dataclass(frozen=True, slots=True)
class Leave:
    TYPE: ClassVar[str] = "leave"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID}
    id: int
    match: str


@dataclass(frozen=True, slots=True)
class SubmitOrders:
    TYPE: ClassVar[str] = "orders"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID, "turn": _int(0, 2**31),
                                         "version": _int(0, 2**31),
                                         "orders": Spec(str, False, 0, MAX_ORDERS_TEXT, is_multiline=True)}
    id: int
    match: str
    turn: int
    version: int
    orders: str  # the rules' canonical order notation, one order a line


@dataclass(frozen=True, slots=True)
class Ready:
    TYPE: ClassVar[str] = "ready"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID, "turn": _int(0, 2**31),
                                         "version": _int(0, 2**31), "ready": Spec(bool)}
    id: int
    match: str
    turn: int
    version: int
    ready: bool


@dataclass(frozen=True, slots=True)
class Chat:
    TYPE: ClassVar[str] = "chat"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID, "to": _int(0, MAX_SEATS - 1, True),
                                         "text": _str(1, MAX_CHAT)}
    id: int
    match: str
    text: str
    to: int | None = None  # nil: public, to every seat and spectator


@dataclass(frozen=True, slots=True)
class Sync:
    TYPE: ClassVar[str] = "sync"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID}
    id: int
    match: str


@dataclass(frozen=True, slots=True)
class History:
    TYPE: ClassVar[str] = "history"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "match": MATCH_ID}
    id: int
    match: str


@dataclass(frozen=True, slots=True)
class Host:
    TYPE: ClassVar[str] = "host"
    SPECS: ClassVar[dict[str, Spec]] = {
        "id": REQUEST_ID, "match": MATCH_ID, "token": TOKEN, "action": _str(1, 16, False, HOST_ACTIONS),
        "seat": _int(0, MAX_SEATS - 1, True), "seconds": _int(1, MAX_TURN_SECONDS, True), "bot": _str(1, 32, True),
    }
    id: int
    match: str
    token: str
    action: str
    seat: int | None = None  # kick, bot
    seconds: int | None = None  # extend
    bot: str | None = None  # bot (default: basic)


# --- The classroom (server/classroom.py; docs/PROTOCOL.md, "Classroom") ----------------------------

MAX_CLASS_MATCHES = 32
MAX_ANNOUNCEMENT = 500
CLASS_ACTIONS = ("start", "pause", "resume", "extend", "advance", "end", "announce", "inject", "assign")
INTENTS = ("defend", "deter", "cooperate", "expand")  # what a student means by this turn's orders
BELIEF_STEPS = 5  # P(revisionist) on a 5-step scale: step k means k/4 (0, 25, 50, 75, 100%)


@dataclass(frozen=True, slots=True)
class ClassCreate:
    TYPE: ClassVar[str] = "class-create"
    SPECS: ClassVar[dict[str, Spec]] = {
        "id": REQUEST_ID, "scenarios": Spec(list, False, 1, MAX_CLASS_MATCHES, items=_str(1, 64)),
        "matches": _int(1, MAX_CLASS_MATCHES, True), "seats": _int(1, MAX_SEATS, True),
        "turn_seconds": _int(0, MAX_TURN_SECONDS, True), "press": _str(1, 8, True, PRESS_MODES),
        "beliefs": Spec(bool, True), "name": _str(1, MAX_NAME, True),
        "aims": Spec(list, True, 1, MAX_CLASS_MATCHES, items=_str(1, 32)), "teams": Spec(bool, True),
    }
    id: int
    scenarios: list[str]  # the worlds, in order; matches cycle through them
    matches: int | None = None  # default: one match a scenario
    seats: int | None = None  # seats of each match open to students (default: all); the rest are bots
    turn_seconds: int | None = None
    press: str | None = None
    beliefs: bool | None = None  # belief recording (default on)
    name: str | None = None  # the session's title, for the roster and the report
    # Per match, cycled like the scenarios: "scenario" (the seed draws), "security" (every seat) or
    # "revisionist:S" (seat S revisionist, the others security; "revisionist:0+2" names two). Default: scenario.
    aims: list[str] | None = None
    teams: bool | None = None  # several students to a seat, joining by the same pseudonym (default off)


@dataclass(frozen=True, slots=True)
class ClassTeach:
    """A teacher's command: pacing one match (``match``) or all of them, an announcement, an inject, or
    assigning a student by hand to ``match``."""

    TYPE: ClassVar[str] = "class-teach"
    SPECS: ClassVar[dict[str, Spec]] = {
        "id": REQUEST_ID, "session": MATCH_ID, "token": TOKEN, "action": _str(1, 16, False, CLASS_ACTIONS),
        "match": _str(1, 64, True), "seconds": _int(1, MAX_TURN_SECONDS, True),
        "text": _str(1, MAX_ANNOUNCEMENT, True), "inject": _str(1, 40, True), "about": _int(0, MAX_SEATS - 1, True),
        "student": _str(1, MAX_NAME, True), "seat": _int(0, MAX_SEATS - 1, True),
    }
    id: int
    session: str
    token: str
    action: str
    match: str | None = None  # nil: every match of the session
    seconds: int | None = None  # extend
    text: str | None = None  # announce
    inject: str | None = None  # inject: the kind's name (assets/injects.toml)
    about: int | None = None  # inject: the seat it is about (nil: drawn in each match)
    student: str | None = None  # assign: the pseudonym (joined, or yet to join)
    seat: int | None = None  # assign: the seat in ``match`` (nil: its first free student seat)


@dataclass(frozen=True, slots=True)
class ClassStatus:
    TYPE: ClassVar[str] = "class-status"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "session": MATCH_ID, "token": TOKEN}
    id: int
    session: str
    token: str


@dataclass(frozen=True, slots=True)
class ClassWatch:
    """The teacher's omniscient view of one match of the session."""

    TYPE: ClassVar[str] = "class-watch"
    SPECS: ClassVar[dict[str, Spec]] = {"id": REQUEST_ID, "session": MATCH_ID, "token": TOKEN, "match": MATCH_ID}
    id: int
    session: str
    token: str
    match: str


@dataclass(frozen=True, slots=True)
class Beliefs:
    """A seat's record for this turn: its own intent and its read of each rival.

    ``reads`` holds one ``[seat, step, attack]`` per rival: ``step`` from 0 to 4 is P(revisionist)
    on the 5-step scale, ``attack`` whether the student expects that rival to attack them.
    """

    TYPE: ClassVar[str] = "beliefs"
    SPECS: ClassVar[dict[str, Spec]] = {
        "id": REQUEST_ID, "match": MATCH_ID, "turn": _int(0, 2**31), "intent": _str(1, 16, False, INTENTS),
        "reads": Spec(list, False, 0, MAX_SEATS, items=Spec(list, False, 3, 3)),
    }
    id: int
    match: str
    turn: int
    intent: str
    reads: list[list[Any]]


ClientMessage = (Hello | Create | ListMatches | Join | Rejoin | Spectate | Leave | SubmitOrders | Ready | Chat
                 | Sync | History | Host | ClassCreate | ClassTeach | ClassStatus | ClassWatch | Beliefs)
CLIENT_MESSAGES: dict[str, type] = {
    cls.TYPE: cls for cls in (Hello, Create, ListMatches, Join, Rejoin, Spectate, Leave, SubmitOrders, Ready, Chat,
                              Sync, History, Host, ClassCreate, ClassTeach, ClassStatus, ClassWatch, Beliefs)
}
_KNOWN_KEYS: dict[type, frozenset[str]] = {cls: frozenset({"type", *cls.SPECS})  # type: ignore[attr-defined]
                                           for cls in CLIENT_MESSAGES.values()}


def request_id_of(mapping: dict[str, Any]) -> int | None:
    """The request id of a map, if it has a valid one (so even a refused message gets its answer matched)."""
    value = mapping.get("id")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_REQUEST_ID:
        return value
    return None


def parse_client_message(mapping: dict[str, Any]) -> ClientMessage:
    """The typed message a map stands for.

    Raises:
        WireError: ``unknown-type`` for a missing or unknown ``type``; ``bad-message`` naming the
            first field that is missing, unknown, of the wrong type or out of range.
    """
    kind = mapping.get("type")
    cls = CLIENT_MESSAGES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise WireError("unknown-type", f"no message type {kind!r} (one of {', '.join(CLIENT_MESSAGES)})")
    specs: dict[str, Spec] = cls.SPECS  # type: ignore[attr-defined]
    if not _KNOWN_KEYS[cls].issuperset(mapping):  # (one set operation in C: this runs for every order)
        extra = sorted(str(k) for k in mapping if k != "type" and k not in specs)
        raise WireError("bad-message", f"{kind}: unknown field {extra[0]!r}")
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        value = mapping.get(name)
        if value is not None:
            values[name] = _checked(kind, name, value, spec)
        elif not spec.optional:
            raise WireError("bad-message", f"{kind}: field {name!r} is required")
    return cls(**values)  # type: ignore[no-any-return]


def _is_exactly(value: Any, kind: type) -> bool:
    # (A function, not an inline test, so that the checker keeps ``value`` as Any after it.)
    return type(value) is kind


def _checked(kind: Any, name: str, value: Any, spec: Spec) -> Any:
    # ``kind.name`` names the field in an error; it is only put together when there is one.
    if _is_exactly(value, spec.kind) and spec.is_plain:  # the usual case: an int, or a short printable string
        if spec.kind is int:
            if (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high):
                return value
        elif value.isprintable() and (spec.low is None or len(value) >= spec.low) and (
                spec.high is None or len(value) <= spec.high):
            return value
    return _checked_fully(f"{kind}.{name}", value, spec)


def _checked_fully(where: str, value: Any, spec: Spec) -> Any:
    # bool is an int in Python: never accept one for the other.
    if not _is_exactly(value, spec.kind):
        raise WireError("bad-message", f"{where} must be a {spec.kind.__name__}, not {type(value).__name__}")
    if spec.kind is int:
        if (spec.low is not None and value < spec.low) or (spec.high is not None and value > spec.high):
            raise WireError("bad-message", f"{where} must be from {spec.low} to {spec.high}, got {value}")
    if spec.kind is str:
        _check_characters(where, value, spec.is_multiline)
    if spec.kind in (str, list):
        if (spec.low is not None and len(value) < spec.low) or (spec.high is not None and len(value) > spec.high):
            raise WireError("bad-message", f"{where} must have a length from {spec.low} to {spec.high}")
    if spec.choices is not None and value not in spec.choices:
        raise WireError("bad-message", f"{where} must be one of {', '.join(spec.choices)}, got {value!r}")
    if spec.items is not None:
        items: list[Any] = []
        for i, item in enumerate(value):
            if item is None and spec.items.optional:
                items.append(None)
            else:
                items.append(_checked_fully(f"{where}[{i}]", item, spec.items))
        return items
    return value


# Characters no text may hold: controls (C0, DEL, C1), format characters such as the bidirectional
# overrides and isolates (U+202A-202E, U+2066-2069) and zero-width spaces, and line and paragraph
# separators. The zero-width joiner and non-joiner stay: emoji sequences and several scripts need them.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_ALLOWED_FORMAT = frozenset("\u200c\u200d")
_LINE_BREAKS = frozenset("\n\r\t")


def _check_characters(where: str, text: str, is_multiline: bool) -> None:
    if text.isprintable():  # the usual case, at C speed; what it does not accept is looked at below
        return
    for index, character in enumerate(text):
        if is_multiline and character in _LINE_BREAKS:
            continue
        if unicodedata.category(character) in _REFUSED_CATEGORIES and character not in _ALLOWED_FORMAT:
            raise WireError("bad-message", f"{where} holds the control character U+{ord(character):04X} "
                                           f"at {index}: names, chat and other text may not")


def to_mapping(message: ClientMessage) -> dict[str, Any]:
    """The map a client sends for a message (nil fields left out)."""
    data: dict[str, Any] = {"type": message.TYPE}
    for f in fields(message):
        value = getattr(message, f.name)
        if value is not None:
            data[f.name] = value
    return data


# --- Server messages ------------------------------------------------------------------------------

def error_message(request_id: int | None, code: str, message: str, detail: str | None = None) -> dict[str, Any]:
    """The map of an ``error`` (``ErrorReply``) answering request ``request_id``."""
    return server_to_mapping(ErrorReply(request_id, code, message, detail))


def reply(request_id: int | None, message_type: str, /, **body: Any) -> dict[str, Any]:
    """A server message answering request ``request_id`` (nil for messages nobody asked for)."""
    return {"type": message_type, "id": request_id, **body}


SERVER_MESSAGE_TYPES = ("welcome", "error", "created", "matches", "joined", "spectating", "left", "sync", "ack",
                        "ready-ack", "chat", "turn", "event", "history", "reveal", "host-ack", "class-created",
                        "class-ack", "class-status", "class-view", "beliefs-ack")
