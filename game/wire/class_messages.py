"""The server's answers to a class session's messages: one frozen type each (docs/PROTOCOL.md, "Classroom").

Built by ``server/classroom.py`` with ``to_mapping`` and read by the teacher's client with
``parse_class_message``, every field checked as ``server_messages`` checks a match's messages
(the same generic reader: unknown fields refused, types checked).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from game.wire.errors import WireError
from game.wire.server_messages import AnyMap, ServerMessage, _read, _write, parse_server_message

SEAT_STATUSES = ("ready", "submitted", "missing", "disconnected", "away", "bot", "open")


class _Part:
    """A structure inside a message: written and read by the generic functions."""

    def to_mapping(self) -> AnyMap:
        return _write(self)

    @classmethod
    def from_mapping(cls, mapping: Any) -> Any:
        return _read(cls, mapping)


@dataclass(frozen=True, slots=True)
class ClassMatch(_Part):
    match: str
    scenario: str
    code: str  # the match's own join code (the teacher's; students use the class code)


@dataclass(frozen=True, slots=True)
class SeatStatus(_Part):
    """One seat at a glance, for the teacher."""

    seat: int
    player: str  # the state's name (Ardent...)
    student: str | None  # the pseudonym of the student seated there by the class, if any
    bot: str | None  # the bot playing it now (its own, or standing in for an absent student)
    status: str  # one of SEAT_STATUSES

    def __post_init__(self) -> None:
        if self.status not in SEAT_STATUSES:
            raise WireError("bad-message", f"seat status {self.status!r} is not one of {', '.join(SEAT_STATUSES)}")


@dataclass(frozen=True, slots=True)
class MatchStatus(_Part):
    match: str
    scenario: str | None  # None: the server keeps the match's log but cannot resume it
    phase: str  # lobby, running, paused, over (or unavailable)
    turn: int | None
    turns: int | None  # the scenario's last turn
    deadline: float | None
    seats: list[SeatStatus]


@dataclass(frozen=True, slots=True)
class RosterEntry(_Part):
    name: str
    match: str
    seat: int
    connected: bool


@dataclass(frozen=True, slots=True)
class Announcement(_Part):
    at: float
    match: str | None  # None: to every match
    text: str


@dataclass(frozen=True, slots=True)
class ClassCreated:
    TYPE: ClassVar[str] = "class-created"
    id: int | None
    session: str
    code: str  # the class code, for the students
    teacher_token: str  # for the teacher alone; no seed is ever sent
    matches: list[ClassMatch]


@dataclass(frozen=True, slots=True)
class ClassAck:
    TYPE: ClassVar[str] = "class-ack"
    id: int | None
    session: str
    action: str
    matches: list[str]  # the matches changed
    skipped: list[str]  # those whose phase did not fit the action


@dataclass(frozen=True, slots=True)
class ClassStatusReport:
    TYPE: ClassVar[str] = "class-status"
    id: int | None
    session: str
    code: str
    name: str
    beliefs: bool
    roster: list[RosterEntry]
    matches: list[MatchStatus]
    announcements: list[Announcement]


@dataclass(frozen=True, slots=True)
class ClassView:
    TYPE: ClassVar[str] = "class-view"
    id: int | None
    session: str
    match: str
    phase: str
    deadline: float | None
    view: AnyMap  # ``omniscient_view`` without each player's ``knowledge``
    seats: list[SeatStatus]


@dataclass(frozen=True, slots=True)
class BeliefsAck:
    TYPE: ClassVar[str] = "beliefs-ack"
    id: int | None
    match: str
    turn: int


ClassMessage = ClassCreated | ClassAck | ClassStatusReport | ClassView | BeliefsAck
CLASS_MESSAGES: dict[str, type] = {cls.TYPE: cls for cls in typing.get_args(ClassMessage)}


def to_mapping(message: ClassMessage) -> AnyMap:
    return _write(message)


def parse_any_server_message(mapping: Mapping[str, Any]) -> ServerMessage | ClassMessage:
    """The typed message any server frame stands for: a match's or the lobby's, or a class session's.

    Raises:
        WireError: ``unknown-type`` or ``bad-message`` (see ``parse_server_message``).
    """
    if isinstance(mapping, Mapping) and mapping.get("type") in CLASS_MESSAGES:
        return parse_class_message(mapping)
    return parse_server_message(mapping)


def parse_class_message(mapping: Mapping[str, Any]) -> ClassMessage:
    """The typed class message a server frame's map stands for.

    Raises:
        WireError: ``unknown-type`` for a type not in ``CLASS_MESSAGES``; ``bad-message`` for a
            missing or unknown field or a value of the wrong type.
    """
    kind = mapping.get("type") if isinstance(mapping, Mapping) else None
    cls = CLASS_MESSAGES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise WireError("unknown-type", f"no class message type {kind!r}")
    return _read(cls, {key: value for key, value in mapping.items() if key != "type"})
