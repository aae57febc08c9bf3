"""The teacher's side of a class session, Sans-I/O: frames in, frames out (the "Teach a class" screen).

``Teacher`` creates a class session (or takes one back with its id and token), asks for its
status and for one match's omniscient view, and sends pacing commands and announcements. What
the server answers is checked into frozen values (``ClassStatus``, ``MatchStatus``, ``SeatStatus``,
``WatchedMatch``); a malformed answer is logged and ignored, never raised. It holds only the
session id and the teacher token, so after a dropped connection ``resume`` says hello again and
carries on: nothing is typed again.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any, Callable

from game.wire import PROTOCOL_VERSION, decode_server_frame, encode

log = logging.getLogger("spiral.client")

SEAT_STATUSES = ("ready", "submitted", "missing", "disconnected", "away", "bot", "open")


@dataclass(frozen=True, slots=True)
class SeatStatus:
    seat: int
    player: str
    student: str | None
    bot: str | None
    status: str  # one of SEAT_STATUSES


@dataclass(frozen=True, slots=True)
class MatchStatus:
    match: str
    scenario: str | None
    phase: str
    turn: int | None
    turns: int | None
    deadline: float | None
    seats: tuple[SeatStatus, ...]


@dataclass(frozen=True, slots=True)
class ClassStatus:
    session: str
    code: str
    name: str
    beliefs: bool
    students: int
    connected: int
    matches: tuple[MatchStatus, ...]
    announcements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WatchedPlayer:
    """One state in the omniscient view, as the teacher's screen shows it."""

    seat: int
    name: str
    aim: str
    treasury: int
    development: int
    budget: str
    units: int
    strength: int
    cities: int
    eliminated: bool


@dataclass(frozen=True, slots=True)
class WatchedMatch:
    match: str
    phase: str
    turn: int
    players: tuple[WatchedPlayer, ...]


def _of(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, (int, float))):
        raise ValueError(f"{what} is {value!r}")
    return value


def _optional(value: Any, kind: type | tuple[type, ...], what: str) -> Any:
    return None if value is None else _of(value, kind, what)


def seat_status_from_mapping(data: Any) -> SeatStatus:
    """Raises: ValueError (or KeyError/TypeError) for a malformed seat."""
    status = _of(data["status"], str, "status")
    if status not in SEAT_STATUSES:
        raise ValueError(f"unknown seat status {status!r}")
    return SeatStatus(_of(data["seat"], int, "seat"), _of(data["player"], str, "player"),
                      _optional(data["student"], str, "student"), _optional(data["bot"], str, "bot"), status)


def match_status_from_mapping(data: Any) -> MatchStatus:
    return MatchStatus(_of(data["match"], str, "match"), _optional(data["scenario"], str, "scenario"),
                       _of(data["phase"], str, "phase"), _optional(data["turn"], int, "turn"),
                       _optional(data.get("turns"), int, "turns"),
                       _optional(data["deadline"], (int, float), "deadline"),
                       tuple(seat_status_from_mapping(s) for s in _of(data["seats"], list, "seats")))


def class_status_from_mapping(data: Any) -> ClassStatus:
    roster = _of(data["roster"], list, "roster")
    return ClassStatus(
        _of(data["session"], str, "session"), _of(data["code"], str, "code"), _of(data["name"], str, "name"),
        _of(data["beliefs"], bool, "beliefs"), len(roster),
        sum(1 for r in roster if isinstance(r, dict) and r.get("connected") is True),
        tuple(match_status_from_mapping(m) for m in _of(data["matches"], list, "matches")),
        tuple(str(_of(a, dict, "announcement")["text"]) for a in _of(data["announcements"], list, "announcements")))


def watched_from_mapping(data: Any) -> WatchedMatch:
    view = _of(data["view"], dict, "view")
    units = _of(view["units"], list, "units")
    owners = [_of(owner, int, "owner") for owner in (c[1] for c in _of(view["cities"], list, "cities"))
              if owner is not None]
    players = []
    for p in _of(view["players"], list, "players"):
        seat = _of(p["id"], int, "player id")
        mine = [u for u in units if isinstance(u, dict) and u.get("owner") == seat]
        players.append(WatchedPlayer(
            seat, _of(p["name"], str, "name"), _of(p["aim"], str, "aim"), _of(p["treasury"], int, "treasury"),
            _of(p["development"], int, "development"), _of(p["budget"], str, "budget"), len(mine),
            sum(_of(u.get("strength"), int, "strength") for u in mine), owners.count(seat),
            bool(p.get("eliminated", False))))
    return WatchedMatch(_of(data["match"], str, "match"), _of(data["phase"], str, "phase"),
                        _of(view["turn"], int, "turn"), tuple(players))


class Teacher:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._outgoing: list[bytes] = []
        self._pending: dict[int, str] = {}
        self.session: str | None = None
        self.token: str | None = None
        self.code: str | None = None
        self.status: ClassStatus | None = None
        self.watched: WatchedMatch | None = None
        self.failure: str | None = None  # creating or opening the class failed: why
        self.notices: list[str] = []  # acks and refusals, newest last

    def data_to_send(self) -> list[bytes]:
        frames, self._outgoing = self._outgoing, []
        return frames

    def request(self, kind: str, **fields: Any) -> int:
        request_id = next(self._ids)
        self._pending[request_id] = kind
        self._outgoing.append(encode({"type": kind, "id": request_id, **fields}))
        return request_id

    # --- what the screen asks --------------------------------------------------------------------

    def start_create(self, scenarios: list[str], *, matches: int, seats: int, turn_seconds: int, press: str,
                     beliefs: bool, name: str) -> None:
        self.failure = None
        self.request("hello", protocol=PROTOCOL_VERSION, name="teacher")
        self.request("class-create", scenarios=scenarios, matches=matches, seats=seats, turn_seconds=turn_seconds,
                     press=press, beliefs=beliefs, name=name)

    def start_open(self, session: str, token: str) -> None:
        """Take back a class created before (its id and teacher token, e.g. remembered in the settings)."""
        self.session, self.token, self.failure = session, token, None
        self.request("hello", protocol=PROTOCOL_VERSION, name="teacher")
        self.refresh()

    def resume(self) -> bool:
        """After a dropped connection: hello again and carry on (False if no class is open yet)."""
        self._outgoing, self._pending = [], {}
        if self.session is None or self.token is None:
            return False
        self.start_open(self.session, self.token)
        return True

    def refresh(self) -> None:
        if self.session is not None and self.token is not None and "class-status" not in self._pending.values():
            self.request("class-status", session=self.session, token=self.token)

    def watch(self, match: str) -> None:
        if self.session is not None and self.token is not None and "class-watch" not in self._pending.values():
            self.request("class-watch", session=self.session, token=self.token, match=match)

    def teach(self, action: str, match: str | None = None, **fields: Any) -> int | None:
        """A pacing command (start, pause, resume, extend, advance, end) or ``announce`` (``text``)."""
        if self.session is None or self.token is None:
            return None
        if match is not None:
            fields["match"] = match
        return self.request("class-teach", session=self.session, token=self.token, action=action, **fields)

    # --- what the server says --------------------------------------------------------------------

    def receive_frame(self, data: bytes) -> dict[str, Any] | None:
        try:
            message = decode_server_frame(data)
        except Exception as problem:
            log.warning("ignored an undecodable frame: %s", problem)
            return None
        handler = _HANDLERS.get(str(message.get("type")))
        asked = self._pending.pop(message["id"], None) if isinstance(message.get("id"), int) else None
        if handler is None:
            return message
        try:
            handler(self, message, asked)
        except (KeyError, ValueError, TypeError, AttributeError) as problem:
            log.warning("ignored a malformed %s message: %r", message.get("type"), problem)
        return message

    def _on_created(self, message: dict[str, Any], asked: str | None) -> None:
        self.session, self.token = _of(message["session"], str, "session"), _of(message["teacher_token"], str, "token")
        self.code = _of(message["code"], str, "code")
        self.refresh()

    def _on_status(self, message: dict[str, Any], asked: str | None) -> None:
        self.status = class_status_from_mapping(message)
        self.code = self.status.code

    def _on_view(self, message: dict[str, Any], asked: str | None) -> None:
        self.watched = watched_from_mapping(message)

    def _on_ack(self, message: dict[str, Any], asked: str | None) -> None:
        done = len(_of(message["matches"], list, "matches"))
        skipped = len(_of(message["skipped"], list, "skipped"))
        note = f"{message['action']}: {done} match(es)" + (f", {skipped} skipped (not in a fitting phase)"
                                                            if skipped else "")
        self.notices.append(note)
        self.refresh()

    def _on_error(self, message: dict[str, Any], asked: str | None) -> None:
        text = f"{message.get('message')} ({message.get('code')})"
        if asked in ("hello", "class-create") or (asked == "class-status" and self.status is None):
            self.failure = text
        self.notices.append(f"refused: {text}")


_HANDLERS: dict[str, Callable[[Teacher, dict[str, Any], str | None], None]] = {
    "class-created": Teacher._on_created, "class-status": Teacher._on_status, "class-view": Teacher._on_view,
    "class-ack": Teacher._on_ack, "error": Teacher._on_error,
}
