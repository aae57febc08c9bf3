"""The lobby and every match on one server, Sans-I/O: bytes and times in, bytes out.

``Lobby.receive(connection, frame, now)`` decodes one client frame, checks it and
dispatches it through ``_HANDLERS``; it returns what to send to which connection
(already encoded, one message built per recipient) and which connections to close.
The records that changed any match wait in ``take_records()``: the adapter commits
them before it sends anything that answers them. Nothing here reads a clock, a
socket or the disk; ids and tokens come from the injected ``random_bytes``.

Checks run in this order for every request: handshake and rate, the message's
shape, the connection's seat (or host token), the match's phase, the turn and
version, and only then the rules.

Handling a message is all or nothing. A refused request changes nothing because
every check comes before the first record; a handler that fails half-way (a bug)
is undone from a save point taken before it ran (the match it names, the seats and
spectators bound to it, the records), the sender gets ``internal``, and the error
is handed to the adapter in ``Result.failures`` to log. Ending a turn on a timer or
after a bot's orders is undone the same way.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping

from game.assets import load_inject_kinds, load_scenario, scenario_names
from game.bots import bot_names
from game.rules.injects import InjectKind
from game.rules.scenario import Scenario
from game.wire import (
    PROTOCOL_VERSION,
    Beliefs,
    Chat,
    ClassCreate,
    ClassStatus,
    ClassTeach,
    ClassWatch,
    ClientMessage,
    Create,
    Hello,
    History,
    Host,
    Join,
    Leave,
    ListMatches,
    Ready,
    Rejoin,
    Spectate,
    SubmitOrders,
    Sync,
    WireError,
    decode_frame,
    encode,
    error_message,
    parse_client_message,
    request_id_of,
)

from game.wire.server_messages import (Created, HostAck, Joined, Left, MatchEvent, MatchList, Spectating, Welcome,
                                       to_mapping)

from server import classroom
from server.classroom import Classroom
from server.limits import Limits, is_over
from server.records import (AnyRecord, BotSeated, ClassRecord, Extended, MatchCreated, Paused, Resumed, Returned, Seated,
                            Started, Vacated, record_from_mapping)
from server.match import BOT_CHANGES, SPECTATORS, BotJob, Match, Outputs, SavePoint
from server.tokens import RandomBytes, hash_token, new_token, token_matches

ConnectionId = int
# A handler's outputs: to a connection directly, or to (match, seat or SPECTATORS).
Routed = list[tuple[Any, dict[str, Any]]]
RATE_PER_SECOND = 20.0  # sustained messages a connection may send
RATE_BURST = 40.0
MAX_REFUSED = 200  # messages refused for rate before the connection is cut off
JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DEFAULT_TURN_SECONDS = 300
DEFAULT_MAX_MISSED = 2


@dataclass
class Result:
    """What the adapter must do: send these frames, then close these connections (with a reason).

    ``failures`` are bugs met while handling (their changes were undone), for the adapter to log.
    """

    sends: list[tuple[ConnectionId, bytes]] = field(default_factory=list)
    closes: list[tuple[ConnectionId, str]] = field(default_factory=list)
    failures: list[Exception] = field(default_factory=list)

    def extend(self, other: Result) -> None:
        self.sends += other.sends
        self.closes += other.closes
        self.failures += other.failures


@dataclass
class Connection:
    address: str | None = None  # the peer's IP address, for the per-address limits
    greeted: bool = False
    match: str | None = None
    seat: int | None = None  # None with a match: a spectator
    allowance: float = RATE_BURST
    last: float = 0.0
    refused: int = 0
    created: set[str] = field(default_factory=set)  # matches this connection created (see ``Limits``)
    closing: bool = False  # the lobby closed it: what it still sends is ignored


@dataclass
class _SavePoint:
    """What undoes one failed handler: see ``Lobby._save`` and ``Lobby._roll_back``."""

    records: int
    match: Match | None
    match_point: SavePoint | None
    # The connections that may be bound or unbound, each with (greeted, match, seat).
    connections: dict[ConnectionId, tuple[bool, str | None, int | None]]
    # Per match whose bindings may change: its seat table and spectators (None: no entry).
    tables: dict[str, tuple[dict[int, tuple[ConnectionId, ...]] | None, set[ConnectionId] | None]]
    # A class session's message may change every match of the session, and the sessions.
    others: list[tuple[Match, SavePoint]] = field(default_factory=list)
    classroom: Any = None


class Lobby:
    def __init__(self, *, random_bytes: RandomBytes = secrets.token_bytes,
                 load: Callable[[str], Scenario] = load_scenario,
                 rate: float = RATE_PER_SECOND, burst: float = RATE_BURST, limits: Limits = Limits(),
                 inject_kinds: Mapping[str, InjectKind] | None = None) -> None:
        self.random_bytes = random_bytes
        self.inject_kinds = dict(load_inject_kinds() if inject_kinds is None else inject_kinds)
        self.limits = limits
        self.rate, self.burst = rate, burst
        self.load = load
        self.matches: dict[str, Match] = {}
        self._records: list[tuple[str, AnyRecord]] = []  # shared by every match as its ``log``
        self._bot_candidates: set[str] = set()  # matches where a change may have given a bot a turn
        self._noted = 0  # how many of ``_records`` were looked at for bot candidates
        self.by_code: dict[str, str] = {}
        self.unavailable: dict[str, str] = {}  # match id -> why its log was not resumed
        self._failed_turns: set[tuple[str, int]] = set()  # (match, turn) that failed to end on a tick
        self.connections: dict[ConnectionId, Connection] = {}
        # match -> seat -> its connections: one player's, or a team's (a class with teams on), oldest first
        self.seat_connections: dict[str, dict[int, tuple[ConnectionId, ...]]] = {}
        self.spectators: dict[str, set[ConnectionId]] = {}
        self._ungreeted: dict[ConnectionId, float] = {}  # connection -> when it opened, oldest first
        self._by_address: dict[str, set[ConnectionId]] = {}
        self._created_from: dict[str, set[str]] = {}  # address -> matches created from it (since the start)
        self._dropped: list[str] = []  # expired matches whose records storage must delete
        self._scenario_names = frozenset(scenario_names())
        self.classroom = Classroom()

    # --- connections -------------------------------------------------------------------------

    def connect(self, connection: ConnectionId, now: float, address: str | None = None) -> Result:
        """A new connection (from IP ``address``); closed at once if its address has too many open."""
        self.connections[connection] = Connection(address=address, allowance=self.burst, last=now)
        self._ungreeted[connection] = now
        result = Result()
        if address is not None:
            peers = self._by_address.setdefault(address, set())
            if is_over(len(peers), self.limits.connections_per_address):
                self._send(result, connection, error_message(None, "server-busy", "too many connections from "
                                                             "your address: close one and try again"))
                result.closes.append((connection, "too-many-connections"))
                self.connections[connection].closing = True
            peers.add(connection)
        return result

    def disconnect(self, connection: ConnectionId, now: float) -> Result:
        state = self.connections.pop(connection, None)
        self._ungreeted.pop(connection, None)
        result = Result()
        if state is not None and state.address is not None:
            peers = self._by_address.get(state.address, set())
            peers.discard(connection)
            if not peers:
                self._by_address.pop(state.address, None)
        if state is not None and state.match is not None:
            match, seat = self.matches.get(state.match), state.seat
            was_member = match is not None and seat is not None and connection in self.members(match.id, seat)
            self._unbind(connection, state)
            if match is not None and seat is not None and was_member and not self.members(match.id, seat):
                away = classroom.away_record(self, match, seat)  # the last of the seat's connections is gone
                if away is not None:
                    match.emit(away)
        return result

    def receive(self, connection: ConnectionId, frame: bytes | str, now: float) -> Result:
        """Handle one frame from a connection. Never raises for anything a client can send."""
        state = self.connections[connection]
        result = Result()
        if state.closing:
            return result
        state.allowance = min(self.burst, state.allowance + (now - state.last) * self.rate)
        state.last = now
        if state.allowance < 1.0:
            state.refused += 1
            if state.refused >= MAX_REFUSED:
                result.closes.append((connection, "flood"))
            else:
                self._send(result, connection, error_message(_request_id_if_any(frame), "rate-limited",
                                                             "too many messages: slow down"))
            return result
        state.allowance -= 1.0
        request_id = None
        try:
            mapping = decode_frame(frame)
            request_id = request_id_of(mapping)
            message = parse_client_message(mapping)
            if not state.greeted and not isinstance(message, Hello):
                raise WireError("handshake-required", "the first message must be 'hello'")
        except WireError as error:
            self._refuse(result, connection, request_id, error)
            return result
        save = self._save(connection, state, message)
        try:
            for target, body in _HANDLERS[type(message)](self, connection, state, message, now):
                if isinstance(target, tuple):
                    self._send_seat(result, target[0], target[1], body, connection)
                else:
                    self._send(result, target, body)
        except WireError as error:
            self._roll_back(save)  # a no-op unless a check came after a change: a refusal changes nothing
            result.sends.clear()
            self._refuse(result, connection, request_id, error)
        except Exception as error:  # a bug: undone and logged; the server and other matches go on
            self._roll_back(save)
            result.sends.clear()
            result.failures.append(error)
            self._send(result, connection, error_message(request_id, "internal", "the server failed to handle "
                                                         "this message; nothing was changed"))
        return result

    def _refuse(self, result: Result, connection: ConnectionId, request_id: int | None, error: WireError) -> None:
        self._send(result, connection, error_message(request_id, error.code, str(error), error.detail))
        if error.code in ("protocol-version", "handshake-required"):
            result.closes.append((connection, error.code))

    # --- time and bots -----------------------------------------------------------------------

    def tick(self, now: float) -> Result:
        """End every turn whose deadline has passed.

        A turn that failed to end here (a bug, reported once in ``failures``) is not tried again
        on every tick; a player's ``ready`` or the host's ``advance`` still tries it.
        """
        result = Result()
        self._close_silent(result, now)
        self._expire_lobbies(result, now)
        for match in list(self.matches.values()):
            if match.is_due(now) and (match.id, match.state.turn) not in self._failed_turns:
                failures = len(result.failures)
                self._atomically(result, match, partial(self._end_turn, result, match, now))
                if len(result.failures) > failures:
                    self._failed_turns.add((match.id, match.state.turn))
        return result

    def _end_turn(self, result: Result, match: Match, now: float) -> None:
        self._route(result, match, match.end_turn(now))

    def _close_silent(self, result: Result, now: float) -> None:
        """Close the connections that did not say hello within ``hello_timeout`` (once each)."""
        while self._ungreeted:
            connection, opened = next(iter(self._ungreeted.items()))
            if now - opened < self.limits.hello_timeout:
                return
            del self._ungreeted[connection]
            self._send(result, connection, error_message(None, "handshake-required", "no 'hello' within "
                                                         f"{self.limits.hello_timeout:g} s of connecting"))
            result.closes.append((connection, "hello-timeout"))
            self.connections[connection].closing = True

    def _expire_lobbies(self, result: Result, now: float) -> None:
        """Drop every lobby in which no player holds a seat ``lobby_expiry`` seconds after its creation."""
        for match in list(self.matches.values()):
            # A class session's matches wait for their students and their teacher: they never expire.
            if (match.phase == "lobby" and now - match.created_at >= self.limits.lobby_expiry
                    and all(seat.token_hash is None for seat in match.seats)
                    and self.classroom.session_of(match.id) is None):
                for watcher, body in self._drop_lobby(match, "expired"):
                    self._send(result, watcher, body)

    def _drop_lobby(self, match: Match, kind: str) -> Routed:
        """Forget a lobby no player sits in (its records are deleted in the next commit); an ``event``
        of ``kind`` for each of its spectators, who now watch nothing."""
        outputs: Routed = []
        for watcher in sorted(self.spectators.pop(match.id, set())):
            outputs.append((watcher, to_mapping(MatchEvent(None, match.id, kind))))
            self.connections[watcher].match = None
        self.seat_connections.pop(match.id, None)
        del self.matches[match.id]
        self.by_code.pop(match.code, None)
        self._dropped.append(match.id)
        return outputs

    def take_dropped(self) -> list[str]:
        """The matches dropped since the last call, whose records storage must delete."""
        dropped, self._dropped = self._dropped, []
        return dropped

    def next_deadline(self) -> float | None:
        deadlines = [m.deadline for m in self.matches.values() if m.phase == "running" and m.deadline is not None]
        return min(deadlines, default=None)

    def bot_jobs(self) -> list[BotJob]:
        """The bot decisions to make now, each handed out once (cheap when nothing changed)."""
        self._note_changes()
        candidates, self._bot_candidates = self._bot_candidates, set()
        return [job for match_id in sorted(candidates) if match_id in self.matches  # (not dropped meanwhile)
                for job in self.matches[match_id].bot_jobs()]

    def _note_changes(self) -> None:
        for match_id, record in self._records[self._noted:]:
            if record.KIND in BOT_CHANGES:
                self._bot_candidates.add(match_id)
        self._noted = len(self._records)

    def bot_orders(self, job: BotJob, text: str, now: float) -> Result:
        """Orders a bot worked out for ``job``; refused quietly if the turn moved on meanwhile."""
        result = Result()
        match = self.matches.get(job.match)
        if match is None or match.bot_for(job.seat) != job.bot or job.seat in match.pending:
            return result
        self._atomically(result, match, lambda: self._take_bot_orders(result, match, job, text, now))
        return result

    def _take_bot_orders(self, result: Result, match: Match, job: BotJob, text: str, now: float) -> None:
        try:
            outputs = match.submit_orders(job.seat, None, job.state.turn, job.state.version, text, by_bot=True)
        except WireError:
            return  # stale: the turn ended (advance, deadline) while the bot was thinking
        # A bot has no connection; a player whose seat a bot stands in for sees no ack either.
        self._route(result, match, [o for o in outputs if o[1]["type"] != "ack"])
        self._route(result, match, self._settle(match, now))

    def _atomically(self, result: Result, match: Match, change: Callable[[], None]) -> None:
        """Run ``change`` (which routes into ``result``); if it fails, undo it and note the failure."""
        records, point, sends = len(self._records), match.save_point(), len(result.sends)
        try:
            change()
        except Exception as error:
            del self._records[records:]
            self._noted = min(self._noted, records)
            match.roll_back(point)
            del result.sends[sends:]
            result.failures.append(error)

    # --- durability --------------------------------------------------------------------------

    def take_records(self) -> list[tuple[str, AnyRecord]]:
        """The records made since the last call, in order, to commit before sending what they answer."""
        self._note_changes()
        records = list(self._records)
        self._records.clear()  # in place: every match holds this list
        self._noted = 0
        return records

    def restore(self, records: list[tuple[str, dict[str, Any]]]) -> dict[str, str]:
        """Rebuild every match from its committed records (after a restart); the matches left out, and why.

        A match whose scenario can no longer be loaded, or changed since the match was created (its
        fingerprint, stored in the ``created`` record, differs), or whose records no longer apply,
        must not go on under other rules: it is left out, its records stay in the log (it resumes
        if its scenario comes back), and requests for it get ``match-unavailable``. Other matches
        resume.
        """
        for match_id, stored in records:
            if match_id in self.unavailable:
                continue
            try:
                record = record_from_mapping(stored)
            except ValueError as error:  # written by another version, or damaged: that match waits
                self.matches.pop(match_id, None)
                self.unavailable[match_id] = f"a record of it cannot be read ({error})"
                continue
            if isinstance(record, ClassRecord):
                self.classroom.apply(match_id, record)
                continue
            try:
                if isinstance(record, MatchCreated):
                    self._restore_created(record)
                else:
                    self.matches[match_id].apply(record)
            except Exception as error:  # one match's log must not keep every other match down
                self.matches.pop(match_id, None)
                self.unavailable[match_id] = f"its {record.KIND!r} record no longer applies ({error!r})"
        self._bot_candidates.update(self.matches)
        return dict(self.unavailable)

    def _restore_created(self, record: MatchCreated) -> None:
        self.by_code[record.code] = record.match
        name = record.scenario
        try:
            scenario = self.load(name)
        except ValueError as error:
            self.unavailable[record.match] = f"its scenario {name!r} cannot be loaded ({error})"
            return
        stored = record.fingerprint  # None: created before fingerprints were stored
        if stored is not None and stored != scenario.fingerprint:
            self.unavailable[record.match] = (f"its scenario {name!r} changed since the match was created "
                                                 f"(fingerprint {stored}, now {scenario.fingerprint})")
            return
        match = Match.create(record, scenario)
        match.log = self._records
        self.matches[match.id] = match

    # --- handlers ----------------------------------------------------------------------------

    def _hello(self, connection: ConnectionId, state: Connection, message: Hello, now: float) -> Routed:
        if message.protocol != PROTOCOL_VERSION:
            raise WireError("protocol-version",
                            f"this server speaks protocol {PROTOCOL_VERSION}, the client {message.protocol}")
        state.greeted = True
        self._ungreeted.pop(connection, None)
        return [(connection, to_mapping(Welcome(message.id, PROTOCOL_VERSION, sorted(self._scenario_names),
                                                bot_names())))]

    def _create(self, connection: ConnectionId, state: Connection, message: Create, now: float) -> Routed:
        if message.scenario not in self._scenario_names:
            raise WireError("bad-scenario", f"no scenario {message.scenario!r}")
        scenario = self.load(message.scenario)
        if len(message.seats) != scenario.players:
            raise WireError("bad-request", f"{scenario.name} has {scenario.players} seats, not {len(message.seats)}")
        known = set(bot_names())
        for bot in message.seats:
            if bot is not None and bot not in known:
                raise WireError("bad-request", f"no bot {bot!r} (known: {', '.join(sorted(known))})")
        self._check_room_for_a_match(state)
        host_token = new_token(self.random_bytes)
        match = self.add_match(scenario, list(message.seats), seed=message.seed, turn_seconds=message.turn_seconds,
                               press=message.press, public=True if message.public is None else message.public,
                               max_missed=message.max_missed, host_hash=hash_token(host_token), now=now)
        self.note_created(state, match)
        return [(connection, to_mapping(Created(message.id, match.id, match.code, host_token, match.public_seed)))]

    def add_match(self, scenario: Scenario, seats: list[str | None], *, seed: int | None = None,
                  turn_seconds: int | None, press: str | None, public: bool, max_missed: int | None = None,
                  host_hash: str, now: float, aims: str | tuple[str, ...] = "scenario") -> Match:
        """Create a match (its ``created`` record made); the caller checked the scenario and the seats
        (and ``aims``, as ``new_game`` takes them: a class teacher's choice).

        A ``seed`` the caller chose is known to the creator, so it must be known to everyone: such a
        match is "open seed" (its seed is listed and synced). Otherwise the server draws it from
        ``random_bytes`` (the operating system's randomness), and it never leaves the server (RULES §14.1).
        """
        is_open_seed = seed is not None
        seed = seed if seed is not None else int.from_bytes(self.random_bytes(8), "big") >> 1
        match_id = self.random_bytes(9).hex()
        code = self.new_code()
        record = MatchCreated(match_id, code, scenario.name, scenario.fingerprint, seed, list(seats),
                         DEFAULT_TURN_SECONDS if turn_seconds is None else turn_seconds, press or "full", public,
                         max_missed or DEFAULT_MAX_MISSED, host_hash, now, open_seed=is_open_seed,
                         aims=None if aims == "scenario" else aims if isinstance(aims, str) else list(aims))
        match = Match.create(record, scenario)
        match.log = self._records
        match.log.append((match_id, record))
        self.matches[match_id] = match
        self.by_code[code] = match_id
        return match

    def note_created(self, state: Connection, match: Match, *, by_connection: bool = True) -> None:
        """Count ``match`` against the limits of the connection (unless ``by_connection`` is false) and
        of its address."""
        if by_connection:
            state.created.add(match.id)
        if state.address is not None:
            self._created_from.setdefault(state.address, set()).add(match.id)

    def check_room_for_class(self, state: Connection, count: int) -> None:
        """A class session's ``count`` matches must fit the server's lobbies and the address's matches
        (not the connection's: a teacher's one connection makes a whole class).

        Raises:
            WireError: ``server-busy`` or ``too-many-matches``.
        """
        limits = self.limits
        if limits.open_lobbies and self._lobbies() + count > limits.open_lobbies:
            raise WireError("server-busy", f"the server can hold only {limits.open_lobbies} matches waiting to "
                                           "start; try again later")
        if state.address is not None and limits.matches_per_address:
            created = self._created_from.get(state.address, set())
            if self._unfinished(created) + count > limits.matches_per_address:
                raise WireError("too-many-matches", f"your address may have {limits.matches_per_address} unfinished "
                                                    "matches at most")

    def _lobbies(self) -> int:
        return sum(m.phase == "lobby" for m in self.matches.values())

    def _check_room_for_a_match(self, state: Connection) -> None:
        limits = self.limits
        if is_over(self._lobbies(), limits.open_lobbies):
            raise WireError("server-busy", f"the server has {limits.open_lobbies} matches waiting to start; "
                                           "try again later")
        if is_over(self._unfinished(state.created), limits.matches_per_connection):
            raise WireError("too-many-matches", f"this connection created {limits.matches_per_connection} matches "
                                                "that are not over yet")
        if state.address is not None:
            created = self._created_from.get(state.address, set())
            if is_over(self._unfinished(created), limits.matches_per_address):
                raise WireError("too-many-matches", f"your address created {limits.matches_per_address} matches "
                                                    "that are not over yet")

    def _unfinished(self, match_ids: set[str]) -> int:
        # Forgets the matches that ended or expired, so the sets stay as small as the limits.
        match_ids.intersection_update(m for m in list(match_ids) if m in self.matches
                                      and self.matches[m].phase != "over")
        return len(match_ids)

    def new_code(self) -> str:
        """A join code no match and no class session has."""
        while True:
            code = "".join(JOIN_CODE_ALPHABET[b % len(JOIN_CODE_ALPHABET)] for b in self.random_bytes(8))
            if code not in self.by_code and code not in self.classroom.by_code:
                return code

    def scenario_names(self) -> frozenset[str]:
        return self._scenario_names

    @property
    def records(self) -> list[tuple[str, AnyRecord]]:
        """The records not yet taken (``take_records``): where a new record goes."""
        return self._records

    def is_connected(self, match_id: str, seat: int) -> bool:
        return bool(self.members(match_id, seat))

    def members(self, match_id: str, seat: int) -> tuple[ConnectionId, ...]:
        """The connections that hold a seat: its player's, or every member of its team."""
        return self.seat_connections.get(match_id, {}).get(seat, ())

    def _list(self, connection: ConnectionId, state: Connection, message: ListMatches, now: float) -> Routed:
        after = None if message.cursor is None else _parse_cursor(message.cursor)
        keyed = sorted((_list_key(m), m) for m in self.matches.values() if m.public and m.phase != "over")
        page = [(key, m) for key, m in keyed if after is None or key > after][:self.limits.list_page + 1]
        more = len(page) > self.limits.list_page
        page = page[:self.limits.list_page]
        next_cursor = _format_cursor(page[-1][0]) if more else None
        return [(connection, to_mapping(MatchList(message.id, [m.summary() for _, m in page], next_cursor)))]

    def _join(self, connection: ConnectionId, state: Connection, message: Join, now: float) -> Routed:
        if message.code in self.classroom.by_code:
            return classroom.join(self, connection, state, message, now)
        match = self._by_code(message.code)
        if match.phase == "over":
            raise WireError("game-over", "the match has ended")
        open_seats = [i for i, s in enumerate(match.seats) if s.bot is None and s.token_hash is None]
        if message.seat is not None:
            if message.seat not in open_seats:
                raise WireError("seat-taken", f"seat {message.seat} is not open")
            seat = message.seat
        elif open_seats:
            seat = open_seats[0]
        else:
            raise WireError("match-full", "no open seat is left")
        token = new_token(self.random_bytes)
        match.emit(Seated(seat, hash_token(token), message.name))
        self._bind(connection, state, match, seat)
        outputs: Routed = [(connection, to_mapping(Joined(message.id, match.id, seat, token))),
                           (connection, match.sync_for(seat, None))]
        return outputs + _seated(match, self._tell_others(match, seat, {"kind": "joined", "seat": seat,
                                                                         "name": message.name}))

    def _rejoin(self, connection: ConnectionId, state: Connection, message: Rejoin, now: float) -> Routed:
        match = self._by_id(message.match)
        seats = [i for i in range(len(match.seats)) if match.check_token(i, message.token)]
        moved = None if seats else classroom.moved_seat(self, match, message.token)
        if moved is not None:  # the teacher moved this student to another match of the class
            match, seats = moved[0], [moved[1]]
        if not seats:
            raise WireError("bad-token", "the token does not open a seat of this match")
        seat = seats[0]
        if match.seats[seat].missed > 0 and match.phase != "over":
            match.emit(Returned(seat))
        outputs: Routed = []
        if not classroom.has_teams(self, match.id):  # one connection a seat: the newest takes it over
            for previous in self.members(match.id, seat):
                if previous != connection:
                    outputs.append((previous, to_mapping(MatchEvent(None, match.id, "replaced", seat=seat))))
                    self._unbind(previous, self.connections[previous])
        self._bind(connection, state, match, seat)
        outputs += [(connection, to_mapping(Joined(message.id, match.id, seat, None,
                                                   beliefs=classroom.records_beliefs(self, match.id)))),
                    (connection, match.sync_for(seat, None))]
        return outputs + _seated(match, self._tell_others(match, seat, {"kind": "reconnected", "seat": seat}))

    def _spectate(self, connection: ConnectionId, state: Connection, message: Spectate, now: float) -> Routed:
        is_id = message.code in self.matches or message.code in self.unavailable
        match = self._by_id(message.code) if is_id else self._by_code(message.code)
        self._bind(connection, state, match, None)
        return [(connection, to_mapping(Spectating(message.id, match.id))),
                (connection, match.spectator_sync(None))]

    def _leave(self, connection: ConnectionId, state: Connection, message: Leave, now: float) -> Routed:
        match, seat = self._bound(state, message.match, allow_spectator=True)
        self._unbind(connection, state)
        outputs: Routed = [(connection, to_mapping(Left(message.id, match.id)))]
        if seat is not None:
            if self.members(match.id, seat):  # the rest of its team still holds the seat
                return outputs
            away = classroom.away_record(self, match, seat)  # a student stays the seat's owner: a bot stands in
            match.emit(away or Vacated(seat))
            if self._is_abandoned(match, state):  # its creator cancelled it: it goes at once, not on expiry
                return outputs + self._drop_lobby(match, "cancelled")
            outputs += _seated(match, self._tell_others(match, seat, {"kind": "left", "seat": seat}))
        return outputs

    def _is_abandoned(self, match: Match, state: Connection) -> bool:
        """A lobby its creating connection left with no player seated: the host cancelled it (the
        window's "Cancel the match"), so it stops counting against the limits and leaves the list now."""
        return (match.phase == "lobby" and match.id in state.created
                and all(seat.token_hash is None for seat in match.seats)
                and self.classroom.session_of(match.id) is None)

    def _orders(self, connection: ConnectionId, state: Connection, message: SubmitOrders, now: float) -> Routed:
        match, seat = self._bound(state, message.match)
        outputs = match.submit_orders(seat, message.id, message.turn, message.version, message.orders)
        return _seated(match, outputs + self._settle(match, now))

    def _ready(self, connection: ConnectionId, state: Connection, message: Ready, now: float) -> Routed:
        match, seat = self._bound(state, message.match)
        outputs = match.set_ready(seat, message.id, message.turn, message.version, message.ready)
        return _seated(match, outputs + self._settle(match, now))

    def _chat(self, connection: ConnectionId, state: Connection, message: Chat, now: float) -> Routed:
        match, seat = self._bound(state, message.match)
        return _seated(match, match.post_chat(seat, message.id, message.to, message.text))

    def _sync(self, connection: ConnectionId, state: Connection, message: Sync, now: float) -> Routed:
        match, seat = self._bound(state, message.match, allow_spectator=True)
        body = match.spectator_sync(message.id) if seat is None else match.sync_for(seat, message.id)
        return [(connection, body)]

    def _history(self, connection: ConnectionId, state: Connection, message: History, now: float) -> Routed:
        match, seat = self._bound(state, message.match)
        return [(connection, match.history_for(seat, message.id))]

    def _host(self, connection: ConnectionId, state: Connection, message: Host, now: float) -> Routed:
        return self.host_command(connection, state, message, now)

    def host_command(self, connection: ConnectionId, state: Connection, message: Host, now: float) -> Routed:
        """A host's (or a teacher's) command on one match; see ``_host``.

        Raises:
            WireError: a wrong token, phase or seat (nothing changed).
        """
        match = self._by_id(message.match)
        if not token_matches(message.token, match.host_hash):
            raise WireError("not-host", "the host token does not open this match")
        action = message.action
        outputs: Outputs = []
        direct: Routed = []
        event: dict[str, Any] = {"kind": action}
        if action == "start":
            if match.phase != "lobby":
                raise WireError("wrong-phase", f"the match is {match.phase}")
            match.emit(Started(now))
        elif action in ("pause", "extend", "advance"):
            if match.phase != "running":
                raise WireError("wrong-phase", f"the match is {match.phase}, not running")
            if action == "pause":
                match.emit(Paused(now))
            elif action == "extend":
                match.emit(Extended(message.seconds or 60))
        elif action == "resume":
            if match.phase != "paused":
                raise WireError("wrong-phase", f"the match is {match.phase}, not paused")
            match.emit(Resumed(now))
        elif action in ("kick", "bot"):
            if message.seat is None or message.seat >= len(match.seats):
                raise WireError("bad-request", "name a seat of this match")
            if match.phase == "over":
                raise WireError("game-over", "the match has ended")
            if action == "bot":
                bot = message.bot or "basic"
                if bot not in bot_names():
                    raise WireError("bad-request", f"no bot {bot!r}")
                match.emit(BotSeated(message.seat, bot))
            else:
                match.emit(Vacated(message.seat))
            for previous in self.members(match.id, message.seat):
                direct.append((previous, to_mapping(MatchEvent(None, match.id, "kicked", seat=message.seat))))
                self._unbind(previous, self.connections[previous])
            event["seat"] = message.seat
        direct.append((connection, to_mapping(HostAck(message.id, match.id, action))))
        event["deadline"] = match.deadline
        event["phase"] = match.phase
        told = to_mapping(MatchEvent(None, match.id, **event))
        outputs += [(seat, told) for seat in range(len(match.seats))]
        outputs.append((SPECTATORS, told))
        if action == "advance":
            outputs += match.end_turn(now)
        return direct + _seated(match, outputs)

    # --- helpers -----------------------------------------------------------------------------

    def _by_code(self, code: str) -> Match:
        match_id = self.by_code.get(code)
        if match_id is None:
            raise WireError("no-such-match", "no match with that join code")
        return self._by_id(match_id)

    def match_or_error(self, match_id: str) -> Match:
        """The match with this id.

        Raises:
            WireError: ``no-such-match`` or ``match-unavailable``.
        """
        return self._by_id(match_id)

    def _by_id(self, match_id: str) -> Match:
        match = self.matches.get(match_id)
        if match is not None:
            return match
        if match_id in self.unavailable:
            raise WireError("match-unavailable", f"this server cannot resume the match: {self.unavailable[match_id]}")
        raise WireError("no-such-match", "no match with that id")

    # --- all or nothing ------------------------------------------------------------------------

    def _named_match(self, message: ClientMessage) -> Match | None:
        if isinstance(message, (Join, Spectate)):
            return self.matches.get(self.by_code.get(message.code, message.code))
        match_id = getattr(message, "match", None)
        return None if match_id is None else self.matches.get(match_id)

    def _save(self, connection: ConnectionId, state: Connection, message: ClientMessage) -> _SavePoint:
        """What a handler for ``message`` can change: the match it names (a new match is found by its
        record), this connection's state and, for the messages that seat or unseat anyone, the
        bindings of that match and of this connection's match."""
        match = self._named_match(message)
        connections = {connection: (state.greeted, state.match, state.seat)}
        tables: dict[str, tuple[dict[int, tuple[ConnectionId, ...]] | None, set[ConnectionId] | None]] = {}
        others: list[tuple[Match, SavePoint]] = []
        if isinstance(message, _CLASS_MESSAGES):
            session = self.classroom.sessions.get(getattr(message, "session", ""))
            if session is None and isinstance(message, Join):
                session = self.classroom.sessions.get(self.classroom.by_code.get(message.code, ""))
            for match_id in () if session is None else session.matches:
                if match_id in self.matches:
                    others.append((self.matches[match_id], self.matches[match_id].save_point()))
        match_ids = set()
        if isinstance(message, _BINDING_MESSAGES):
            match_ids = {m for m in (state.match, None if match is None else match.id) if m is not None}
            match_ids.update(other.id for other, _ in others)
        for match_id in match_ids:
            seats, watchers = self.seat_connections.get(match_id), self.spectators.get(match_id)
            tables[match_id] = (None if seats is None else dict(seats), None if watchers is None else set(watchers))
            for other_connection in [*(c for members in (seats or {}).values() for c in members), *(watchers or ())]:
                bound = self.connections[other_connection]
                connections[other_connection] = (bound.greeted, bound.match, bound.seat)
        return _SavePoint(len(self._records), match, None if match is None else match.save_point(), connections,
                          tables, others,
                          self.classroom.save_point() if isinstance(message, _CLASS_MESSAGES) else None)

    def _roll_back(self, save: _SavePoint) -> None:
        for match_id, record in self._records[save.records:]:
            if isinstance(record, MatchCreated):
                self.matches.pop(match_id, None)
                self.by_code.pop(record.code, None)
        del self._records[save.records:]
        self._noted = min(self._noted, save.records)
        if save.match is not None and save.match_point is not None:
            save.match.roll_back(save.match_point)
        for other, point in save.others:
            other.roll_back(point)
        if save.classroom is not None:
            self.classroom.roll_back(save.classroom)
        for connection, (greeted, bound_match, seat) in save.connections.items():
            bound = self.connections.get(connection)
            if bound is not None:
                bound.greeted, bound.match, bound.seat = greeted, bound_match, seat
        for match_id, (seats, watchers) in save.tables.items():
            if seats is None:
                self.seat_connections.pop(match_id, None)
            else:
                self.seat_connections[match_id] = seats
            if watchers is None:
                self.spectators.pop(match_id, None)
            else:
                self.spectators[match_id] = watchers

    def bound(self, state: Connection, match_id: str) -> tuple[Match, int]:
        """The match and seat this connection holds.

        Raises:
            WireError: ``not-in-match`` or ``spectator``.
        """
        return self._bound(state, match_id)

    def bind(self, connection: ConnectionId, state: Connection, match: Match, seat: int | None) -> None:
        self._bind(connection, state, match, seat)

    def _bound(self, state: Connection, match_id: str, *, allow_spectator: bool = False) -> tuple[Match, Any]:
        if state.match != match_id:
            raise WireError("not-in-match", "this connection holds no seat in that match")
        if state.seat is None and not allow_spectator:
            raise WireError("spectator", "spectators watch; they cannot act")
        return self.matches[match_id], state.seat

    def _bind(self, connection: ConnectionId, state: Connection, match: Match, seat: int | None) -> None:
        if state.match is not None:
            self._unbind(connection, state)
        state.match, state.seat = match.id, seat
        if seat is None:
            self.spectators.setdefault(match.id, set()).add(connection)
        else:
            table = self.seat_connections.setdefault(match.id, {})
            members = table.get(seat, ())
            if connection not in members:
                table[seat] = (*members, connection)

    def _unbind(self, connection: ConnectionId, state: Connection) -> None:
        if state.match is None:
            return
        if state.seat is None:
            self.spectators.get(state.match, set()).discard(connection)
        elif connection in self.members(state.match, state.seat):
            table = self.seat_connections[state.match]
            rest = tuple(c for c in table[state.seat] if c != connection)
            if rest:
                table[state.seat] = rest
            else:
                del table[state.seat]
        state.match, state.seat = None, None

    def _tell_others(self, match: Match, seat: int, event: dict[str, Any]) -> Outputs:
        told = to_mapping(MatchEvent(None, match.id, **event))
        outputs: Outputs = [(s, told) for s in range(len(match.seats)) if s != seat]
        return outputs + [(SPECTATORS, told)]

    def _settle(self, match: Match, now: float) -> Outputs:
        return match.end_turn(now) if match.is_due(now) else []

    def _route(self, result: Result, match: Match, outputs: Outputs) -> None:
        for target, body in outputs:
            self._send_seat(result, match, target, body)

    def _send_seat(self, result: Result, match: Match, target: int, body: dict[str, Any],
                   asker: ConnectionId | None = None) -> None:
        """Send ``body`` to every connection of a seat (or every spectator).

        A team's members all see what their seat is told; an answer to one member's request (an
        ``ack`` of its orders, say) goes to that member with the request's id and to the others
        without one, as news, so no client takes another's answer for its own.
        """
        if target == SPECTATORS:
            watchers = self.spectators.get(match.id)
            if watchers:
                frame = encode(body)  # every spectator is shown the same: one encoding for all
                result.sends += [(connection, frame) for connection in sorted(watchers)]
            return
        members = self.members(match.id, target)
        if not members:
            return
        frame = encode(body)
        if len(members) > 1 and asker in members and body.get("id") is not None:
            relayed = encode({**body, "id": None})
            result.sends += [(connection, frame if connection == asker else relayed) for connection in members]
        else:
            result.sends += [(connection, frame) for connection in members]

    def _send(self, result: Result, connection: ConnectionId, body: dict[str, Any]) -> None:
        result.sends.append((connection, encode(body)))


def _request_id_if_any(frame: bytes | str) -> int | None:
    """The id of a frame that decodes to a map with a valid one, else None (a refusal's best echo)."""
    try:
        return request_id_of(decode_frame(frame))
    except WireError:
        return None


def _list_key(match: Match) -> tuple[int, float, str]:
    """Joinable matches (a seat open to players) first, then oldest first."""
    has_open_seat = any(s.bot is None and s.token_hash is None for s in match.seats)
    return (0 if has_open_seat else 1, match.created_at, match.id)


def _format_cursor(key: tuple[int, float, str]) -> str:
    return f"{key[0]}:{key[1]!r}:{key[2]}"


def _parse_cursor(text: str) -> tuple[int, float, str]:
    try:
        group, created, match_id = text.split(":", 2)
        return (int(group), float(created), match_id)
    except ValueError:
        raise WireError("bad-message", "'cursor' is not one a 'matches' answer gave") from None


def _seated(match: Match, outputs: Outputs) -> Routed:
    return [((match, target), body) for target, body in outputs]


# The messages whose handlers bind or unbind connections (``_bind``, ``_unbind``).
_BINDING_MESSAGES = (Join, Rejoin, Spectate, Leave, Host, ClassTeach)  # a teacher's assign moves a student
# The messages that may change a class session or several of its matches at once.
_CLASS_MESSAGES = (Join, ClassCreate, ClassTeach)

_HANDLERS: dict[type, Callable[[Lobby, ConnectionId, Connection, Any, float], Routed]] = {
    Hello: Lobby._hello, Create: Lobby._create, ListMatches: Lobby._list, Join: Lobby._join,
    Rejoin: Lobby._rejoin, Spectate: Lobby._spectate, Leave: Lobby._leave, SubmitOrders: Lobby._orders,
    Ready: Lobby._ready, Chat: Lobby._chat, Sync: Lobby._sync, History: Lobby._history, Host: Lobby._host,
    ClassCreate: classroom.create, ClassTeach: classroom.teach, ClassStatus: classroom.status,
    ClassWatch: classroom.watch, Beliefs: classroom.beliefs,
}
