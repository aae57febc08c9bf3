"""Class sessions, Sans-I/O: a teacher's lesson of several matches, run inside the ``Lobby``.

A *class session* is a set of ordinary matches (one a scenario, or several, cycling through
the scenarios given) that share one teacher token and one class code. Its matches live in the
lobby like any other; the host token of each is the teacher's, so a teacher may also use the
per-match ``host`` message. What the session adds:

- ``join`` with the class code seats a student in the match with the fewest students that has a
  student seat free (so the class spreads evenly over the worlds); after the start the seat is
  *claimed* from the bot that held it. A student who leaves or drops is *away*: a bot stands in
  until they come back with their seat token (``rejoin``).
- ``class-teach`` paces one match or all (start, pause, resume, extend, advance, end) or sends
  an announcement; ``class-status`` is the roster and every seat's state; ``class-watch`` one
  match's omniscient view (the seed left out, as everywhere). All three need the teacher token.
- ``beliefs`` is a student's record for the turn (their intent, their read of each rival),
  kept in the match's log as a note for the debrief (``game/debrief``).

Everything that changes a session is a record with a ``class-`` kind, kept in the lobby's log
under the session's id, so a restart rebuilds the sessions (``Classroom.apply``) as it rebuilds
the matches. The handlers are module functions taking the lobby; ``server/lobby.py`` dispatches
to them and saves (and, on a bug, restores) ``Classroom.save_point`` with the matches involved.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from game.rules import RulesError, omniscient_view
from game.rules.setup import format_aims, parse_aims
from game.wire import Beliefs, ClassCreate, ClassStatus, ClassTeach, ClassWatch, Host, Join, WireError
from game.wire.messages import BELIEF_STEPS
from game.wire.class_messages import Announcement as WireAnnouncement
from game.wire.class_messages import (BeliefsAck, ClassAck, ClassCreated, ClassMatch, ClassStatusReport, ClassView,
                                      MatchStatus, RosterEntry, SeatStatus)
from game.wire.class_messages import to_mapping as class_mapping
from game.wire.server_messages import Joined, MatchEvent, Reveal, to_mapping

from server.match import SPECTATORS, Match, Outputs
from server.records import (Announced, Away, BeliefRecorded, BotSeated, Claimed, ClassAnnounced, ClassAssigned,
                            ClassJoined, ClassMoved, ClassRecord, ClassSessionCreated, Ended, Returned, Seated, Teamed,
                            Vacated)
from server.tokens import hash_token, new_token, token_matches

if TYPE_CHECKING:
    from server.lobby import Connection, ConnectionId, Lobby, Routed

PACING = ("start", "pause", "resume", "extend", "advance")
PHASES_FOR = {"start": ("lobby",), "pause": ("running",), "resume": ("paused",), "extend": ("running",),
              "advance": ("running",), "end": ("lobby", "running", "paused"),
              "announce": ("lobby", "running", "paused", "over"), "inject": ("lobby", "running", "paused"),
              "assign": ("lobby", "running", "paused")}


@dataclass(frozen=True, slots=True)
class Student:
    name: str
    match: str
    seat: int
    moved_from: tuple[str, ...] = ()  # the matches the teacher moved them away from (``assign``)


@dataclass(frozen=True, slots=True)
class Reservation:
    """A teacher's assignment of a student not yet joined: joining by ``name`` seats them in ``match``."""

    name: str
    match: str
    seat: int | None  # None: the match's first free student seat


@dataclass(frozen=True, slots=True)
class Announcement:
    at: float
    match: str | None  # None: every match of the session
    text: str


@dataclass(frozen=True, slots=True)
class ClassSession:
    id: str
    code: str
    name: str
    teacher_hash: str
    matches: tuple[str, ...]
    open_seats: tuple[int, ...]  # per match: its seats 0..n-1 are for students, the rest bots
    beliefs: bool
    created_at: float
    aims: tuple[str, ...] = ()  # per match, the teacher's choice in words (rules.setup.parse_aims)
    teams: bool = False  # several students may share a seat: they join by the same pseudonym
    students: tuple[Student, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    reserved: tuple[Reservation, ...] = ()  # assignments by hand of students yet to join

    def student_named(self, name: str) -> Student | None:
        return next((s for s in self.students if s.name.casefold() == name.casefold()), None)

    def reservation_for(self, name: str) -> Reservation | None:
        return next((r for r in self.reserved if r.name.casefold() == name.casefold()), None)

    def is_reserved(self, match: str, seat: int, *, but: str = "") -> bool:
        """Whether the teacher kept this seat for a student yet to join (other than ``but``)."""
        return any(r.match == match and r.seat == seat and r.name.casefold() != but.casefold() for r in self.reserved)

    def student_at(self, match: str, seat: int) -> Student | None:
        return next((s for s in self.students if s.match == match and s.seat == seat), None)


@dataclass(frozen=True, slots=True)
class BeliefRead:
    """One student's read of one rival: P(revisionist) as a step 0..4 (k/4), and "will attack me"."""

    seat: int
    step: int
    attack: bool

    @property
    def probability(self) -> float:
        return self.step / (BELIEF_STEPS - 1)


@dataclass
class Classroom:
    """Every class session of a lobby, found by id, class code or match id."""

    sessions: dict[str, ClassSession] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)
    by_match: dict[str, str] = field(default_factory=dict)

    def session_of(self, match_id: str) -> ClassSession | None:
        session_id = self.by_match.get(match_id)
        return None if session_id is None else self.sessions[session_id]

    def apply(self, session_id: str, record: ClassRecord) -> None:
        """Apply one ``class-*`` record (when made, and again on a restart)."""
        if isinstance(record, ClassSessionCreated):
            session = ClassSession(
                id=session_id, code=record.code, name=record.name, teacher_hash=record.teacher_hash,
                matches=tuple(record.matches), open_seats=tuple(record.open_seats), beliefs=record.beliefs,
                created_at=record.at,
                # Sessions created before teachers could set aims: the scenario drew them.
                aims=tuple(record.aims if record.aims is not None else ["scenario"] * len(record.matches)),
                teams=record.teams)
            self.sessions[session_id] = session
            self.by_code[session.code] = session_id
            for match_id in session.matches:
                self.by_match[match_id] = session_id
        elif isinstance(record, ClassJoined):
            session = self.sessions[session_id]
            student = Student(record.name, record.match, record.seat)
            reserved = tuple(r for r in session.reserved if r.name.casefold() != student.name.casefold())
            self.sessions[session_id] = replace(session, students=(*session.students, student), reserved=reserved)
        elif isinstance(record, ClassAssigned):  # a student yet to join, assigned by hand
            session = self.sessions[session_id]
            kept = tuple(r for r in session.reserved if r.name.casefold() != record.name.casefold())
            self.sessions[session_id] = replace(session, reserved=(*kept, Reservation(record.name, record.match,
                                                                                      record.seat)))
        elif isinstance(record, ClassMoved):  # a student moved by hand to another seat
            session = self.sessions[session_id]
            students = tuple(Student(s.name, record.match, record.seat, (*s.moved_from, s.match))
                             if s.name.casefold() == record.name.casefold() else s for s in session.students)
            self.sessions[session_id] = replace(session, students=students)
        else:
            session = self.sessions[session_id]
            note = Announcement(record.at, record.match, record.text)
            self.sessions[session_id] = replace(session, announcements=(*session.announcements, note))

    def save_point(self) -> tuple[dict[str, ClassSession], dict[str, str], dict[str, str]]:
        return dict(self.sessions), dict(self.by_code), dict(self.by_match)  # sessions are frozen: shallow is enough

    def roll_back(self, point: tuple[dict[str, ClassSession], dict[str, str], dict[str, str]]) -> None:
        self.sessions, self.by_code, self.by_match = (dict(part) for part in point)  # type: ignore[assignment]


def parse_reads(reads: list[list[Any]], seats: int, own: int) -> tuple[BeliefRead, ...]:
    """The reads of a ``beliefs`` message, checked: one per rival at most, each ``[seat, step, attack]``.

    Raises:
        WireError: ``bad-message`` naming the first bad entry.
    """
    parsed: list[BeliefRead] = []
    for index, entry in enumerate(reads):
        where = f"beliefs.reads[{index}]"
        seat, step, attack = entry
        if type(seat) is not int or not 0 <= seat < seats or seat == own:
            raise WireError("bad-message", f"{where}: the seat must be a rival's, from 0 to {seats - 1}")
        if type(step) is not int or not 0 <= step < BELIEF_STEPS:
            raise WireError("bad-message", f"{where}: the step must be from 0 to {BELIEF_STEPS - 1}")
        if type(attack) is not bool:
            raise WireError("bad-message", f"{where}: 'will attack me' must be true or false")
        if any(read.seat == seat for read in parsed):
            raise WireError("bad-message", f"{where}: seat {seat} is read twice")
        parsed.append(BeliefRead(seat, step, attack))
    return tuple(parsed)


# --- handlers (dispatched by ``Lobby.receive``) ----------------------------------------------------

def create(lobby: Lobby, connection: ConnectionId, state: Connection, message: ClassCreate, now: float) -> Routed:
    names = lobby.scenario_names()
    for name in message.scenarios:
        if name not in names:
            raise WireError("bad-scenario", f"no scenario {name!r}")
    count = message.matches or len(message.scenarios)
    scenarios = [lobby.load(message.scenarios[i % len(message.scenarios)]) for i in range(count)]
    if message.seats is not None:
        small = [s.name for s in scenarios if s.players < message.seats]
        if small:
            raise WireError("bad-request", f"{small[0]} has fewer than {message.seats} seats")
    choices = message.aims or ["scenario"]
    aims = []
    for index, scenario in enumerate(scenarios):
        try:
            aims.append(parse_aims(choices[index % len(choices)], scenario.players))
        except RulesError as error:
            raise WireError("bad-request", f"aims of match {index + 1} ({scenario.name}): {error}",
                            detail=error.code) from None
    lobby.check_room_for_class(state, count)
    teacher_token = new_token(lobby.random_bytes)
    teacher_hash = hash_token(teacher_token)
    session_id = lobby.random_bytes(9).hex()
    code = lobby.new_code()
    matches, open_seats = [], []
    for scenario, aim in zip(scenarios, aims):
        students = scenario.players if message.seats is None else message.seats
        seats: list[str | None] = [None] * students + ["basic"] * (scenario.players - students)
        match = lobby.add_match(scenario, seats, turn_seconds=message.turn_seconds, press=message.press,
                                public=False, host_hash=teacher_hash, now=now, aims=aim)
        matches.append(match)
        lobby.note_created(state, match, by_connection=False)
        open_seats.append(students)
    _emit(lobby, session_id, ClassSessionCreated(
        code, message.name or "Class", teacher_hash, [m.id for m in matches], open_seats,
        True if message.beliefs is None else message.beliefs, now, [format_aims(a) for a in aims], bool(message.teams)))
    created = ClassCreated(message.id, session_id, code, teacher_token,
                           [ClassMatch(m.id, m.scenario.name, m.code) for m in matches])
    return [(connection, class_mapping(created))]


def join(lobby: Lobby, connection: ConnectionId, state: Connection, message: Join, now: float) -> Routed:
    """A student joins with the class code: the least-filled match with a student seat free."""
    session = lobby.classroom.sessions[lobby.classroom.by_code[message.code]]
    named = next((s for s in session.students if s.name.casefold() == message.name.casefold()), None)
    if named is not None and session.teams:
        return _join_team(lobby, connection, state, message, session, named)
    if named is not None:
        raise WireError("name-taken", f"someone in this class is already called {message.name!r}: pick another "
                                      "name (to come back to your seat, join again from the same machine)")
    best: tuple[int, int, Match, int] | None = None
    reservation = session.reservation_for(message.name)
    for order, (match_id, students) in enumerate(zip(session.matches, session.open_seats)):
        match = lobby.matches.get(match_id)
        if match is None or match.phase == "over":
            continue
        free = [seat for seat in range(students) if match.seats[seat].token_hash is None
                and session.student_at(match_id, seat) is None
                and not session.is_reserved(match_id, seat, but=message.name)]
        if reservation is not None and reservation.match == match_id and free:
            # The teacher's choice, if its seat is still free (else the match's first free seat).
            seat = reservation.seat if reservation.seat in free else free[0]
            best = (-1, -1, match, seat)
            break
        if not free:
            continue
        humans = sum(1 for s in session.students if s.match == match_id)
        if best is None or (humans, order) < best[:2]:
            best = (humans, order, match, free[0])
    if best is None:
        raise WireError("match-full", "every student seat of this class is taken: ask the teacher")
    _, _, match, seat = best
    token = new_token(lobby.random_bytes)
    taken = Seated if match.phase == "lobby" else Claimed
    match.emit(taken(seat, hash_token(token), message.name))
    _emit(lobby, session.id, ClassJoined(message.name, match.id, seat))
    lobby.bind(connection, state, match, seat)
    outputs: Routed = [(connection, to_mapping(Joined(message.id, match.id, seat, token, beliefs=session.beliefs))),
                       (connection, match.sync_for(seat, None))]
    event = to_mapping(MatchEvent(None, match.id, "joined", seat=seat, name=message.name))
    told: Outputs = [(s, event) for s in range(len(match.seats)) if s != seat]
    told.append((SPECTATORS, event))
    return outputs + [((match, target), body) for target, body in told]


def _join_team(lobby: Lobby, connection: ConnectionId, state: Connection, message: Join, session: ClassSession,
               student: Student) -> Routed:
    """Another member of a team joins its seat (teams on): its own token, the seat's frames from now on.

    The seat keeps one set of orders: whichever member sends orders replaces them, and every member
    is told (``Lobby._send_seat``).
    """
    match = lobby.match_or_error(student.match)
    if match.phase == "over":
        raise WireError("game-over", "the match has ended")
    seat = match.seats[student.seat]
    if seat.token_hash is None:  # the teacher handed the seat to a bot
        raise WireError("seat-taken", f"{student.name}'s seat is played by a bot now: ask the teacher")
    token = new_token(lobby.random_bytes)
    match.emit(Teamed(student.seat, hash_token(token)))
    if seat.missed > 0:  # the team was away: it is back, and the stand-in bot stops
        match.emit(Returned(student.seat))
    lobby.bind(connection, state, match, student.seat)
    return [(connection, to_mapping(Joined(message.id, match.id, student.seat, token, beliefs=session.beliefs))),
            (connection, match.sync_for(student.seat, None))]


def has_teams(lobby: Lobby, match_id: str) -> bool:
    """Whether a seat of this match may be held by several connections (a class with teams on)."""
    session = lobby.classroom.session_of(match_id)
    return session is not None and session.teams


def records_beliefs(lobby: Lobby, match_id: str) -> bool:
    """Whether the match's seats record their beliefs (a class match with belief recording on)."""
    session = lobby.classroom.session_of(match_id)
    return session is not None and session.beliefs


def away_record(lobby: Lobby, match: Match, seat: int) -> Away | None:
    """What a student's leaving (or dropping) records: ``away`` in a class match, else None."""
    session = lobby.classroom.session_of(match.id)
    if session is None or match.phase == "over" or match.seats[seat].token_hash is None:
        return None
    return Away(seat)


def teach(lobby: Lobby, connection: ConnectionId, state: Connection, message: ClassTeach, now: float) -> Routed:
    session = _teacher_session(lobby, message.session, message.token)
    if message.match is not None and message.match not in session.matches:
        raise WireError("no-such-match", "that match is not one of this class session's")
    targets = [lobby.match_or_error(m) for m in (session.matches if message.match is None else (message.match,))]
    allowed = PHASES_FOR[message.action]
    if message.match is not None and targets[0].phase not in allowed:
        raise WireError("wrong-phase", f"the match is {targets[0].phase}")
    if message.action == "announce" and message.text is None:
        raise WireError("bad-request", "an announcement needs a text")
    if message.action == "assign":
        return _assign(lobby, connection, session, targets[0] if message.match is not None else None, message)
    kind = None
    if message.action == "inject":
        kind = lobby.inject_kinds.get(message.inject or "")
        if kind is None:
            raise WireError("bad-request", f"no inject kind {message.inject!r} (known: "
                                           f"{', '.join(sorted(lobby.inject_kinds))})")
    applied = [m for m in targets if m.phase in allowed]
    skipped = [m.id for m in targets if m.phase not in allowed]
    outputs: Routed = []
    if kind is not None:
        for match in list(applied):
            try:
                told = match.send_inject(kind, message.about, now)
            except WireError:
                if message.match is not None:
                    raise  # one match named: say why it cannot be done there
                applied.remove(match)  # every match: those where the seat is out (or absent) are skipped
                skipped.append(match.id)
                continue
            outputs += [((match, target), body) for target, body in told]
    elif message.action == "announce":
        text = message.text or ""
        _emit(lobby, session.id, ClassAnnounced(message.match, text, now))
        for match in applied:
            match.emit(Announced(text, now))
            outputs += _to_everyone(match, MatchEvent(None, match.id, "announcement", text=text))
    elif message.action == "end":
        for match in applied:
            match.emit(Ended(now))
            outputs += _to_everyone(match, MatchEvent(None, match.id, "end", phase=match.phase, deadline=None))
            outputs += _to_everyone(match, Reveal(None, match.id, match.reveal()))
    else:
        for match in applied:
            host = Host(message.id, match.id, message.token, message.action, seconds=message.seconds)
            for target, body in lobby.host_command(connection, state, host, now):
                if not (target == connection and body["type"] == "host-ack"):
                    outputs.append((target, body))
    outputs.append((connection, class_mapping(ClassAck(message.id, session.id, message.action,
                                                       [m.id for m in applied], skipped))))
    return outputs


def _assign(lobby: Lobby, connection: ConnectionId, session: ClassSession, target: Match | None,
            message: ClassTeach) -> Routed:
    """Assign a student by hand to a seat of ``target``: one yet to join is seated there on joining; one
    already in a match moves (their old seat goes back to a bot, or opens in the lobby), keeps their
    token, and every connection of theirs follows to the new seat (``joined`` and a ``sync``)."""
    if target is None or not message.student:
        raise WireError("bad-request", "assign needs a match and a student's name")
    students = session.open_seats[session.matches.index(target.id)]
    student = session.student_named(message.student)
    name = student.name if student is not None else message.student

    def is_free(seat: int) -> bool:
        if student is not None and (student.match, student.seat) == (target.id, seat):
            return True
        return (target.seats[seat].token_hash is None and session.student_at(target.id, seat) is None
                and not session.is_reserved(target.id, seat, but=name))

    if message.seat is not None:
        if message.seat >= students:
            raise WireError("bad-request", f"seat {message.seat} of that match is a bot's: the class opened seats "
                                           f"0-{students - 1} to students")
        if not is_free(message.seat):
            raise WireError("seat-taken", f"seat {message.seat} of that match is taken")
        seat = message.seat
    else:
        free = [s for s in range(students) if is_free(s)]
        if not free:
            raise WireError("match-full", "that match has no student seat free")
        seat = free[0]
    outputs: Routed = []
    if student is None:
        _emit(lobby, session.id, ClassAssigned(name, target.id, message.seat))
    elif (student.match, student.seat) != (target.id, seat):
        outputs = _move(lobby, session, student, target, seat)
    return outputs + [(connection, class_mapping(ClassAck(message.id, session.id, "assign", [target.id], [])))]


def _move(lobby: Lobby, session: ClassSession, student: Student, target: Match, seat: int) -> Routed:
    old = lobby.match_or_error(student.match)
    held = old.seats[student.seat]
    if held.token_hash is None:
        raise WireError("seat-taken", f"{student.name}'s seat is played by a bot now: they can join afresh")
    token_hash, members = held.token_hash, held.member_hashes
    if old.phase == "lobby":
        old.emit(Vacated(student.seat))
    elif old.phase != "over":
        old.emit(BotSeated(student.seat, "basic"))  # the world keeps its state
    target.emit((Seated if target.phase == "lobby" else Claimed)(seat, token_hash, student.name))
    for member in members:
        target.emit(Teamed(seat, member))
    _emit(lobby, session.id, ClassMoved(student.name, target.id, seat))
    outputs: Routed = []
    for moving in lobby.members(old.id, student.seat):
        lobby.bind(moving, lobby.connections[moving], target, seat)
        outputs += [(moving, to_mapping(Joined(None, target.id, seat, None, beliefs=session.beliefs))),
                    (moving, target.sync_for(seat, None))]
    left = to_mapping(MatchEvent(None, old.id, "left", seat=student.seat))
    joined = to_mapping(MatchEvent(None, target.id, "joined", seat=seat, name=student.name))
    outputs += [((old, s), left) for s in (*range(len(old.seats)), SPECTATORS) if s != student.seat]
    outputs += [((target, s), joined) for s in (*range(len(target.seats)), SPECTATORS) if s != seat]
    return outputs


def moved_seat(lobby: Lobby, match: Match, token: str) -> tuple[Match, int] | None:
    """The seat of this class session that ``token`` opens, when its student was moved by hand away from
    ``match`` (their window still names the old match); None if there is none."""
    session = lobby.classroom.session_of(match.id)
    for student in () if session is None else session.students:
        if match.id in student.moved_from:
            other = lobby.matches.get(student.match)
            if other is not None and other.check_token(student.seat, token):
                return other, student.seat
    return None


def status(lobby: Lobby, connection: ConnectionId, state: Connection, message: ClassStatus, now: float) -> Routed:
    session = _teacher_session(lobby, message.session, message.token)
    matches = []
    for match_id in session.matches:
        match = lobby.matches.get(match_id)
        if match is None:
            matches.append(MatchStatus(match_id, None, "unavailable", None, None, None, []))
            continue
        matches.append(MatchStatus(match.id, match.scenario.name, match.phase, match.state.turn, match.scenario.turns,
                                   match.deadline, seat_states(lobby, session, match)))
    roster = [RosterEntry(s.name, s.match, s.seat, lobby.is_connected(s.match, s.seat)) for s in session.students]
    notes = [WireAnnouncement(a.at, a.match, a.text) for a in session.announcements]
    report = ClassStatusReport(message.id, session.id, session.code, session.name, session.beliefs, roster, matches,
                               notes)
    return [(connection, class_mapping(report))]


def watch(lobby: Lobby, connection: ConnectionId, state: Connection, message: ClassWatch, now: float) -> Routed:
    session = _teacher_session(lobby, message.session, message.token)
    if message.match not in session.matches:
        raise WireError("no-such-match", "that match is not one of this class session's")
    match = lobby.match_or_error(message.match)
    view = omniscient_view(match.state)
    for player in view["players"]:
        player.pop("knowledge", None)  # what each seat has seen: large, and the teacher sees everything anyway
    return [(connection, class_mapping(ClassView(message.id, session.id, match.id, match.phase, match.deadline, view,
                                                 seat_states(lobby, session, match))))]


def beliefs(lobby: Lobby, connection: ConnectionId, state: Connection, message: Beliefs, now: float) -> Routed:
    match, seat = lobby.bound(state, message.match)
    session = lobby.classroom.session_of(match.id)
    if session is None or not session.beliefs:
        raise WireError("beliefs-off", "this match does not record beliefs")
    if match.phase not in ("running", "paused"):
        raise WireError("wrong-phase", f"the match is {match.phase}")
    if message.turn != match.state.turn:
        raise WireError("stale-orders", f"beliefs for turn {message.turn}, the match is at turn {match.state.turn}")
    reads = parse_reads(message.reads, len(match.seats), seat)
    match.emit(BeliefRecorded(seat, match.state.turn, message.intent, [[r.seat, r.step, r.attack] for r in reads], now))
    return [(connection, class_mapping(BeliefsAck(message.id, match.id, match.state.turn)))]


# --- helpers ------------------------------------------------------------------------------------

def seat_states(lobby: Lobby, session: ClassSession, match: Match) -> list[SeatStatus]:
    """Each seat at a glance: who, and ready / submitted / missing / disconnected / bot / away."""
    rows = []
    for index, seat in enumerate(match.seats):
        student = session.student_at(match.id, index)
        if seat.bot is not None:
            status = "bot"
        elif seat.token_hash is None:
            status = "open"
        elif match.bot_for(index) is not None:
            status = "away"  # a stand-in bot plays until the student comes back
        elif not lobby.is_connected(match.id, index):
            status = "disconnected"
        elif index in match.ready:
            status = "ready"
        elif index in match.pending:
            status = "submitted"
        else:
            status = "missing"
        rows.append(SeatStatus(index, match.state.players[index].name, None if student is None else student.name,
                               match.bot_for(index), status))
    return rows


def _teacher_session(lobby: Lobby, session_id: str, token: str) -> ClassSession:
    session = lobby.classroom.sessions.get(session_id)
    if session is None or not token_matches(token, session.teacher_hash):
        # One answer for both: a student probing ids learns nothing about which sessions exist.
        raise WireError("not-teacher", "the teacher token does not open that class session")
    return session


def _emit(lobby: Lobby, session_id: str, record: ClassRecord) -> None:
    lobby.classroom.apply(session_id, record)
    lobby.records.append((session_id, record))


def _to_everyone(match: Match, message: MatchEvent | Reveal) -> Routed:
    body = to_mapping(message)
    return [((match, seat), body) for seat in (*range(len(match.seats)), SPECTATORS)]
