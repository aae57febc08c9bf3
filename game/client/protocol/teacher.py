"""The teacher's side of a class session, Sans-I/O: frames in, frames out (the "Teach a class" screen).

``Teacher`` creates a class session (or takes one back with its id and token), asks for its
status and for one match's omniscient view, and sends pacing commands and announcements. What
the server answers is read into the wire's typed class messages (``game.wire.class_messages``:
``ClassStatusReport`` with its ``MatchStatus`` and ``SeatStatus`` rows) and ``WatchedMatch``; a
malformed answer is logged and ignored, never raised. It holds only the
session id and the teacher token, so after a dropped connection ``resume`` says hello again and
carries on: nothing is typed again.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any

from game.wire import PROTOCOL_VERSION, WireError, decode_server_frame, encode
from game.wire.class_messages import (ClassAck, ClassCreated, ClassMessage, ClassStatusReport, ClassView,
                                      parse_any_server_message)
from game.wire.server_messages import ErrorReply, ServerMessage

log = logging.getLogger("spiral.client")

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


def watched_from_view(message: ClassView) -> WatchedMatch:
    """The picked match's states from a ``class-view`` (its ``view`` is the rules' omniscient map).

    Raises:
        ValueError, KeyError, TypeError: for a view that is not what the rules make.
    """
    view = message.view
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
    return WatchedMatch(message.match, message.phase, _of(view["turn"], int, "turn"), tuple(players))


class Teacher:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._outgoing: list[bytes] = []
        self._pending: dict[int, str] = {}
        self.session: str | None = None
        self.token: str | None = None
        self.code: str | None = None
        self.status: ClassStatusReport | None = None
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
                     beliefs: bool, name: str, aims: str = "scenario", teams: bool = False) -> None:
        """Say hello and create the class; ``aims`` is the teacher's choice for every match, in the words
        ``game.rules.setup.parse_aims`` reads ("scenario", "security", "revisionist:0")."""
        self.failure = None
        self.request("hello", protocol=PROTOCOL_VERSION, name="teacher")
        self.request("class-create", scenarios=scenarios, matches=matches, seats=seats, turn_seconds=turn_seconds,
                     press=press, beliefs=beliefs, name=name, aims=[aims], teams=teams)

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
        """A pacing command (start, pause, resume, extend, advance, end), ``announce`` (``text``) or
        ``inject`` (``inject``: the kind's name; ``about``: a seat, or none for a drawn one)."""
        if self.session is None or self.token is None:
            return None
        if match is not None:
            fields["match"] = match
        return self.request("class-teach", session=self.session, token=self.token, action=action, **fields)

    # --- what the server says --------------------------------------------------------------------

    def receive_frame(self, data: bytes) -> ServerMessage | ClassMessage | None:
        """Apply one server frame; return its typed message (None if it could not be read or used).

        A frame that cannot be read, or a view the teacher's screen cannot, is logged and noted in
        ``notices``, never raised.
        """
        try:
            message = parse_any_server_message(decode_server_frame(data))
        except WireError as problem:
            log.warning("ignored a frame from the server: %s", problem)
            self.notices.append(f"ignored a message from the server this client cannot read: {problem}")
            return None
        asked = self._pending.pop(message.id, None) if message.id is not None else None
        try:
            if isinstance(message, ErrorReply):
                self._on_error(message, asked)
            else:
                self._on_class_message(message)
        except (KeyError, ValueError, TypeError, AttributeError) as problem:  # a class view the screen cannot read
            log.warning("ignored a malformed %s message: %r", message.TYPE, problem)
            self.notices.append(f"ignored a {message.TYPE} message this client cannot read: {problem!r}")
            return None
        return message

    def _on_class_message(self, message: object) -> None:
        if isinstance(message, ClassCreated):
            self.session, self.token, self.code = message.session, message.teacher_token, message.code
            self.refresh()
        elif isinstance(message, ClassStatusReport):
            self.status, self.code = message, message.code
        elif isinstance(message, ClassView):
            self.watched = watched_from_view(message)
        elif isinstance(message, ClassAck):
            skipped = f", {len(message.skipped)} skipped (not in a fitting phase)" if message.skipped else ""
            self.notices.append(f"{message.action}: {len(message.matches)} match(es){skipped}")
            self.refresh()

    def _on_error(self, message: ErrorReply, asked: str | None) -> None:
        text = f"{message.message} ({message.code})"
        if asked in ("hello", "class-create") or (asked == "class-status" and self.status is None):
            self.failure = text
        self.notices.append(f"refused: {text}")
