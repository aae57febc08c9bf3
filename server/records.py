"""The event log's records: one frozen type per kind, with ``to_mapping`` and ``from_mapping``.

Every change to a match or a class session is one of these records, applied when it is made and
again, in order, when the server restarts (``server.storage`` keeps them). What is stored is the
MessagePack of ``to_mapping()``: the same maps, key for key and in the same order, as the server
wrote before these types existed, so old logs restore and new ones read the same. ``from_mapping``
also reads the older forms: a field with a default may be absent (a ``created`` record from before
fingerprints, open seeds or teachers' aims; a ``class-created`` one from before aims or teams).

``record_from_mapping`` reads any stored record by its ``kind``; a kind not in ``RECORDS``, a
missing or unknown field, or a value of the wrong type raises ``ValueError`` (``WireError``), and
``Lobby.restore`` then leaves that one match (or class) out rather than guess.
"""

from __future__ import annotations

import typing
from dataclasses import MISSING, dataclass, fields
from typing import Any, ClassVar, Mapping, TypeVar

from game.wire import WireError
from game.wire.server_messages import read_typed

R = TypeVar("R", bound="Record")


class Record:
    """The generic writing and reading every record shares (the subclasses are frozen dataclasses)."""

    __slots__ = ()
    KIND: ClassVar[str]
    KEYS: ClassVar[dict[str, str]] = {}  # field -> its key in the map, where they differ
    OMIT_NONE: ClassVar[frozenset[str]] = frozenset()  # fields left out of the map when None
    ABSENT_AS_NONE: ClassVar[frozenset[str]] = frozenset()  # fields older records lack, read as None

    def to_mapping(self) -> dict[str, Any]:
        cls = type(self)
        data: dict[str, Any] = {"kind": cls.KIND}
        for name in _names(cls):
            value = getattr(self, name)
            if value is None and name in cls.OMIT_NONE:
                continue
            data[cls.KEYS.get(name, name)] = value
        return data

    @classmethod
    def from_mapping(cls: type[R], mapping: Mapping[str, Any]) -> R:
        """The record a stored map stands for.

        Raises:
            WireError (a ValueError): another kind, a missing or unknown field, a value of the wrong type.
        """
        if not isinstance(mapping, Mapping) or mapping.get("kind") != cls.KIND:
            raise WireError("bad-message", f"not a {cls.KIND!r} record: {mapping!r:.80}")
        hints = _hints(cls)
        keys = {cls.KEYS.get(f.name, f.name): f for f in fields(cls)}  # type: ignore[arg-type]
        unknown = sorted(str(key) for key in mapping if key != "kind" and key not in keys)
        if unknown:
            raise WireError("bad-message", f"{cls.KIND} record: unknown field {unknown[0]!r}")
        values: dict[str, Any] = {}
        for key, field in keys.items():
            if key not in mapping:
                if field.name in cls.ABSENT_AS_NONE:
                    values[field.name] = None
                elif field.default is MISSING:
                    raise WireError("bad-message", f"{cls.KIND} record: field {key!r} is missing")
                continue
            values[field.name] = read_typed(f"{cls.KIND}.{key}", mapping[key], hints[field.name])
        return cls(**values)


_NAMES: dict[type, tuple[str, ...]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = {k: v for k, v in typing.get_type_hints(cls).items()
                               if typing.get_origin(v) is not ClassVar}
    return hints


# --- a match's records --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MatchCreated(Record):
    """The first record of every match: everything ``Match.create`` needs."""

    KIND: ClassVar[str] = "created"
    OMIT_NONE: ClassVar[frozenset[str]] = frozenset({"aims"})
    ABSENT_AS_NONE: ClassVar[frozenset[str]] = frozenset({"fingerprint"})
    match: str
    code: str
    scenario: str
    fingerprint: str | None  # None: made before fingerprints were stored (not checked on restore)
    seed: int
    seats: list[str | None]  # a bot name per seat, None for a person's
    turn_seconds: int
    press: str
    public: bool
    max_missed: int
    host_hash: str
    at: float
    # Made before seeds were kept secret: the creator was told the seed, so it is open.
    open_seed: bool = True
    aims: str | list[str] | None = None  # None: the scenario draws them (and records from before aims)

    def to_mapping(self) -> dict[str, Any]:
        # The order the server has always written (open_seed after seed, aims last, only when set).
        data: dict[str, Any] = {"kind": self.KIND, "match": self.match, "code": self.code, "scenario": self.scenario,
                                "fingerprint": self.fingerprint, "seed": self.seed, "open_seed": self.open_seed,
                                "seats": self.seats, "turn_seconds": self.turn_seconds, "press": self.press,
                                "public": self.public, "max_missed": self.max_missed, "host_hash": self.host_hash,
                                "at": self.at}
        if self.aims is not None:
            data["aims"] = self.aims
        return data


@dataclass(frozen=True, slots=True)
class Seated(Record):
    KIND: ClassVar[str] = "seated"
    seat: int
    token_hash: str
    name: str


@dataclass(frozen=True, slots=True)
class Claimed(Record):
    """A late student takes the seat a bot held for them (a class match)."""

    KIND: ClassVar[str] = "claimed"
    seat: int
    token_hash: str
    name: str


@dataclass(frozen=True, slots=True)
class Teamed(Record):
    """Another member of a team joins its seat (a class with teams)."""

    KIND: ClassVar[str] = "teamed"
    seat: int
    token_hash: str


@dataclass(frozen=True, slots=True)
class Vacated(Record):
    KIND: ClassVar[str] = "vacated"
    seat: int


@dataclass(frozen=True, slots=True)
class Returned(Record):
    """The seat's player acted again: its missed deadlines start over."""

    KIND: ClassVar[str] = "returned"
    seat: int


@dataclass(frozen=True, slots=True)
class Away(Record):
    """A student left the class: a bot stands in until they come back."""

    KIND: ClassVar[str] = "away"
    seat: int


@dataclass(frozen=True, slots=True)
class BotSeated(Record):
    KIND: ClassVar[str] = "bot"
    seat: int
    bot: str


@dataclass(frozen=True, slots=True)
class Started(Record):
    KIND: ClassVar[str] = "started"
    at: float


@dataclass(frozen=True, slots=True)
class Paused(Record):
    KIND: ClassVar[str] = "paused"
    at: float


@dataclass(frozen=True, slots=True)
class Resumed(Record):
    KIND: ClassVar[str] = "resumed"
    at: float


@dataclass(frozen=True, slots=True)
class Extended(Record):
    KIND: ClassVar[str] = "extended"
    seconds: int


@dataclass(frozen=True, slots=True)
class Ended(Record):
    """The teacher ended the match before its last turn."""

    KIND: ClassVar[str] = "ended"
    at: float


@dataclass(frozen=True, slots=True)
class OrdersGiven(Record):
    KIND: ClassVar[str] = "orders"
    seat: int
    text: str  # canonical order text


@dataclass(frozen=True, slots=True)
class ReadySet(Record):
    KIND: ClassVar[str] = "ready"
    seat: int
    ready: bool


@dataclass(frozen=True, slots=True)
class ChatPosted(Record):
    KIND: ClassVar[str] = "chat"
    KEYS: ClassVar[dict[str, str]] = {"sender": "from"}
    sender: int
    to: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Injected(Record):
    """A teacher's inject: news in every report (RULES §11.5)."""

    KIND: ClassVar[str] = "inject"
    inject: dict[str, Any]  # ``InjectKind.to_mapping()``
    about: int | None
    at: float


@dataclass(frozen=True, slots=True)
class Resolved(Record):
    KIND: ClassVar[str] = "resolved"
    turn: int
    at: float
    flagged: list[int]  # seats of players that missed the deadline
    orders: dict[str, str]  # seat (as text: MessagePack map keys) -> orders text

    def __post_init__(self) -> None:
        if not all(isinstance(seat, str) and seat.isdigit() for seat in self.orders):
            raise WireError("bad-message", "resolved record: orders must be keyed by seat numbers")
        if not all(isinstance(text, str) for text in self.orders.values()):
            raise WireError("bad-message", "resolved record: orders must be text")


@dataclass(frozen=True, slots=True)
class BeliefRecorded(Record):
    """A seat's recorded intent and reads of its rivals (a class match; for the debrief only)."""

    KIND: ClassVar[str] = "belief"
    seat: int
    turn: int
    intent: str
    reads: list[list[Any]]  # [rival, step 0..4, will attack me]
    at: float


@dataclass(frozen=True, slots=True)
class Announced(Record):
    """A teacher's announcement to the match (for the debrief only)."""

    KIND: ClassVar[str] = "announcement"
    text: str
    at: float


# --- a class session's records ------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ClassSessionCreated(Record):
    KIND: ClassVar[str] = "class-created"
    code: str
    name: str
    teacher_hash: str
    matches: list[str]
    open_seats: list[int]
    beliefs: bool
    at: float
    aims: list[str] | None = None  # None: made before teachers could set aims (the scenario drew them)
    teams: bool = False  # absent: made before teams

    def to_mapping(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.KIND, "code": self.code, "name": self.name,
                                "teacher_hash": self.teacher_hash, "matches": self.matches,
                                "open_seats": self.open_seats}
        if self.aims is not None:
            data["aims"] = self.aims
        data.update(beliefs=self.beliefs, teams=self.teams, at=self.at)
        return data


@dataclass(frozen=True, slots=True)
class ClassJoined(Record):
    KIND: ClassVar[str] = "class-joined"
    name: str
    match: str
    seat: int


@dataclass(frozen=True, slots=True)
class ClassAnnounced(Record):
    KIND: ClassVar[str] = "class-announced"
    match: str | None  # None: to every match
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class ClassAssigned(Record):
    """The teacher assigned a student yet to join to a match (and seat) by hand."""

    KIND: ClassVar[str] = "class-assigned"
    name: str
    match: str
    seat: int | None  # None: the match's first free student seat


@dataclass(frozen=True, slots=True)
class ClassMoved(Record):
    """The teacher moved a seated student by hand to another seat of the class."""

    KIND: ClassVar[str] = "class-moved"
    name: str
    match: str
    seat: int


MatchRecord = (MatchCreated | Seated | Claimed | Teamed | Vacated | Returned | Away | BotSeated | Started | Paused | Resumed
               | Extended | Ended | OrdersGiven | ReadySet | ChatPosted | Injected | Resolved | BeliefRecorded
               | Announced)
ClassRecord = ClassSessionCreated | ClassJoined | ClassAnnounced | ClassAssigned | ClassMoved
AnyRecord = MatchRecord | ClassRecord
RECORDS: dict[str, type[Record]] = {cls.KIND: cls for cls in (*typing.get_args(MatchRecord), *typing.get_args(ClassRecord))}


def record_from_mapping(mapping: Any) -> AnyRecord:
    """The record a stored map stands for, by its ``kind``.

    Raises:
        WireError (a ValueError): an unknown kind, or a map that is not a record of its kind.
    """
    kind = mapping.get("kind") if isinstance(mapping, Mapping) else None
    cls = RECORDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise WireError("bad-message", f"no record kind {kind!r}")
    return cls.from_mapping(mapping)  # type: ignore[return-value]
