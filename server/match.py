"""One match, Sans-I/O: records in, state and messages out; no sockets, no clock of its own.

Everything that changes a match is a *record* (``server.records``) applied by ``apply``;
the handlers check a request (seat, then phase, then turn and version, then the
rules), make the record, apply it and say who must be told what. The same
records, written to the event log and applied again, rebuild the match after a
restart (``Match.from_records``), with the deadline re-armed from the recorded times.

Every message a seat receives is built from ``view_for(state, seat)`` (or from the
chat it may read); spectators get ``spectator_view``; only the end of the match
sends ``omniscient_view``, to everyone.

Handling one message is all or nothing: the lobby takes a ``save_point()`` first and,
if a handler fails half-way (a bug), ``roll_back`` undoes every change since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.bots.seat import SeatBot
from game.rules import (
    PlayerOrders,
    PlayerView,
    check_fresh,
    check_orders,
    format_orders,
    new_game,
    omniscient_view,
    parse_orders,
    resolve,
    spectator_view,
    view_for,
)
from game.rules.errors import RulesError
from game.rules.events import Battle, Event, Inject
from game.rules.injects import InjectKind, inject
from game.rules.scenario import Scenario
from game.rules.state import GameState
from game.wire import WireError
from game.wire.server_messages import (Ack, ChatLine, ChatPosted, HistoryViews, ListedMatch, MatchEvent, MatchReveal,
                                       ReadyAck, Reveal, SeatInfo, SyncState, TurnResolved, to_mapping)

from server.errors import wire_error_from_rules
from server.records import (AnyRecord, Announced, Away, BeliefRecorded, BotSeated, Claimed, Ended, Extended, Injected,
                            MatchCreated, MatchRecord, OrdersGiven, Paused, ReadySet, Resolved, Resumed, Returned,
                            Seated, Started, Teamed, Vacated)
from server.records import ChatPosted as ChatRecord
from server.tokens import token_matches

SPECTATORS = -1  # the recipient "every spectator of this match"
BOT_CHANGES = frozenset({"started", "resolved", "bot", "away", "resumed"})  # records that can give a bot a turn
TAKEOVER_BOT = "basic"

Outputs = list[tuple[int, dict[str, Any]]]  # (seat or SPECTATORS, message)


@dataclass
class Seat:
    bot: str | None  # set: a bot plays this seat (from the start, or handed over by the host)
    name: str | None = None
    token_hash: str | None = None  # set: a player holds the seat
    missed: int = 0  # deadlines missed in a row
    # A class with teams on: the tokens of the team's other members (they joined by the seat's name).
    member_hashes: tuple[str, ...] = ()


@dataclass(slots=True)  # not frozen: it is made for every message, and frozen ``__init__`` is slow
class SavePoint:
    """A match's changeable fields at one moment (``chat`` and ``states`` only grow: their lengths)."""

    seats: tuple[tuple[str | None, str | None, str | None, int, tuple[str, ...]], ...]
    phase: str
    deadline: float | None
    paused_remaining: float | None
    pending: dict[int, str]
    ready: frozenset[int]
    chat_length: int
    states_length: int
    state: GameState
    wants_bots: bool


@dataclass
class Match:
    id: str
    code: str
    scenario: Scenario
    seed: int
    seats: list[Seat]
    turn_seconds: int
    press: str
    public: bool
    max_missed: int
    host_hash: str
    state: GameState
    is_open_seed: bool = False  # the creator chose the seed, so every seat is told it
    created_at: float = 0.0  # the server's clock when the match was created
    phase: str = "lobby"  # lobby -> running <-> paused -> over
    deadline: float | None = None
    paused_remaining: float | None = None
    pending: dict[int, str] = field(default_factory=dict)  # seat -> orders text for this turn
    ready: set[int] = field(default_factory=set)
    chat: list[ChatLine] = field(default_factory=list)
    states: list[GameState] = field(default_factory=list)  # every state before the current one
    # Records not yet handed to storage, as (match id, record): the lobby shares one list among
    # its matches, so collecting them costs nothing per idle match.
    log: list[tuple[str, AnyRecord]] = field(default_factory=list)
    views: dict[int, PlayerView] = field(default_factory=dict)  # this turn's views, built once per seat
    wants_bots: bool = False  # a change since ``bot_jobs`` last ran may have given a bot a turn to play
    # The bots that have played or stood in for each seat, by (seat, bot name): each keeps its memory
    # for the whole match. Not recorded: after a restart each is made again and catches up on its
    # seat's views (game/bots/seat.py), which the recorded states give back exactly.
    seat_bots: dict[tuple[int, str], SeatBot] = field(default_factory=dict)

    # --- construction and records --------------------------------------------------------------

    @classmethod
    def create(cls, record: MatchCreated, scenario: Scenario) -> Match:
        """A match from its ``created`` record (the first in its log); the caller checked the scenario."""
        aims = record.aims if isinstance(record.aims, str) else tuple(record.aims or ()) or "scenario"
        match = cls(
            id=record.match, code=record.code, scenario=scenario, seed=record.seed,
            seats=[Seat(bot) for bot in record.seats], turn_seconds=record.turn_seconds,
            press=record.press, public=record.public, max_missed=record.max_missed,
            host_hash=record.host_hash, state=new_game(scenario, record.seed, aims=aims),
            is_open_seed=record.open_seed, created_at=record.at,
        )
        return match

    def emit(self, record: MatchRecord) -> None:
        self.apply(record)
        self.log.append((self.id, record))

    def apply(self, record: MatchRecord) -> None:
        """Apply one record (when made, and again on a restart).

        Raises:
            ValueError: a record that does not apply to this match (its seat or orders no longer fit).
        """
        if record.KIND in BOT_CHANGES:
            self.wants_bots = True
        match record:  # (the cases are tried in turn: the kinds of every turn come first)
            case OrdersGiven(seat=number, text=text):
                self.pending[number] = text
            case ReadySet(seat=number, ready=is_ready):
                (self.ready.add if is_ready else self.ready.discard)(number)
            case BeliefRecorded() | Announced():
                return  # kept in the log for the debrief; they change nothing in the match
            case Seated(seat=number, token_hash=token_hash, name=name):
                seat = self.seats[number]
                seat.token_hash, seat.name, seat.missed, seat.member_hashes = token_hash, name, 0, ()
            case Vacated(seat=number):
                seat = self.seats[number]
                seat.token_hash, seat.name, seat.member_hashes = None, None, ()
            case Teamed(seat=number, token_hash=token_hash):  # another member of a team joined the seat
                seat = self.seats[number]
                seat.member_hashes = (*seat.member_hashes, token_hash)
            case Returned(seat=number):
                self.seats[number].missed = 0
            case Claimed(seat=number, token_hash=token_hash, name=name):  # a late student takes a bot's seat
                seat = self.seats[number]
                seat.bot, seat.token_hash, seat.name, seat.missed = None, token_hash, name, 0
                seat.member_hashes = ()
                self.ready.discard(number)
            case Away(seat=number):  # a student left the class: a bot stands in until they come back
                seat = self.seats[number]
                seat.missed = max(seat.missed, self.max_missed)
            case Injected():  # a teacher's inject: news in every report (RULES §11.5), nothing else changes
                self.state = inject(self.state, InjectKind.from_mapping(record.inject), record.about)
                self.views.clear()
            case Ended():  # the teacher ended the match before its last turn
                self.phase, self.deadline, self.paused_remaining = "over", None, None
            case BotSeated(seat=number, bot=bot):
                seat = self.seats[number]
                seat.bot, seat.token_hash, seat.name, seat.member_hashes = bot, None, None, ()
            case Started(at=at):
                for seat in self.seats:
                    if seat.bot is None and seat.token_hash is None:
                        seat.bot = TAKEOVER_BOT  # bots fill the seats nobody took
                self.phase = "running"
                self._arm(at)
            case ChatRecord(sender=sender, to=to, text=text):
                self.chat.append(ChatLine(self.state.turn, sender, to, text))
            case Paused(at=at):
                self.paused_remaining = None if self.deadline is None else max(0.0, self.deadline - at)
                self.deadline, self.phase = None, "paused"
            case Resumed(at=at):
                self.phase = "running"
                self.deadline = None if self.paused_remaining is None else at + self.paused_remaining
                self.paused_remaining = None
            case Extended(seconds=seconds):
                if self.deadline is not None:
                    self.deadline += seconds
            case Resolved():
                self._apply_resolved(record)
            case _:
                raise ValueError(f"a {record.KIND!r} record does not apply to a match")

    def _apply_resolved(self, record: Resolved) -> None:
        checked: dict[int, PlayerOrders] = {}
        for seat_text, text in record.orders.items():
            seat = int(seat_text)
            checked[seat] = check_orders(self.view(seat), parse_orders(text))
        for seat in record.flagged:
            self.seats[seat].missed += 1
        self.states.append(self.state)
        self.state = resolve(self.state, checked).state
        self.views.clear()
        self.pending.clear()
        self.ready.clear()
        if self.state.is_over:
            self.phase, self.deadline = "over", None
        else:
            self._arm(record.at)

    def save_point(self) -> SavePoint:
        """Enough to undo, with ``roll_back``, whatever records are applied from now on."""
        return SavePoint(
            seats=tuple((s.bot, s.name, s.token_hash, s.missed, s.member_hashes) for s in self.seats), phase=self.phase,
            deadline=self.deadline, paused_remaining=self.paused_remaining, pending=dict(self.pending),
            ready=frozenset(self.ready), chat_length=len(self.chat), states_length=len(self.states),
            state=self.state, wants_bots=self.wants_bots,
        )

    def roll_back(self, point: SavePoint) -> None:
        """Put the match back as it was at ``point`` (the caller drops the records made since)."""
        for seat, (bot, name, token_hash, missed, members) in zip(self.seats, point.seats):
            seat.bot, seat.name, seat.token_hash, seat.missed, seat.member_hashes = bot, name, token_hash, missed, members
        self.phase, self.deadline, self.paused_remaining = point.phase, point.deadline, point.paused_remaining
        self.pending, self.ready = dict(point.pending), set(point.ready)
        del self.chat[point.chat_length:]
        del self.states[point.states_length:]
        self.state, self.wants_bots = point.state, point.wants_bots
        self.views.clear()  # a cache: views made since may belong to a state that is gone

    def _arm(self, now: float) -> None:
        self.deadline = now + self.turn_seconds if self.turn_seconds > 0 else None

    # --- who plays -----------------------------------------------------------------------------

    def bot_for(self, seat: int) -> str | None:
        """The bot playing a seat now: its own, or the stand-in for a player who missed too many turns."""
        info = self.seats[seat]
        if info.bot is not None:
            return info.bot
        if info.missed >= self.max_missed:
            return TAKEOVER_BOT
        return None

    def view(self, seat: int) -> PlayerView:
        """``view_for(state, seat)``, built once per turn (the state of a turn never changes)."""
        view = self.views.get(seat)
        if view is None:
            view = self.views[seat] = view_for(self.state, seat)
        return view

    @property
    def public_seed(self) -> int | None:
        """The seed as every seat may know it: an open seed, or None for a secret one.

        A secret seed is never sent, not even in the reveal (RULES §14.1): the reveal's aims and
        history already show what it decided.
        """
        return self.seed if self.is_open_seed else None

    def alive_seats(self) -> list[int]:
        return [p.id for p in self.state.players if not p.eliminated]

    def bot_jobs(self) -> list[BotJob]:
        """The bot seats that still owe orders this turn, once after each change that can make some."""
        if not self.wants_bots or self.phase != "running":
            return []
        self.wants_bots = False
        jobs = []
        for seat in self.alive_seats():
            bot = self.bot_for(seat)
            if bot is not None and seat not in self.pending:
                player = self.seat_bots.get((seat, bot))
                if player is None:
                    player = self.seat_bots[(seat, bot)] = SeatBot(bot, self.seed, seat)
                jobs.append(BotJob(self.id, seat, bot, player, self.state, tuple(self.states)))
        return jobs

    # --- requests from a seat ------------------------------------------------------------------

    def check_token(self, seat: int, token: str) -> bool:
        """Whether ``token`` opens the seat: its player's, or a team member's."""
        info = self.seats[seat]
        return token_matches(token, info.token_hash) or any(token_matches(token, h) for h in info.member_hashes)

    def submit_orders(self, seat: int, request_id: int | None, turn: int, version: int, text: str,
                      *, by_bot: bool = False) -> Outputs:
        """Take (or replace) a seat's orders for this turn; the answer is an ``ack``.

        Raises:
            WireError: wrong phase, stale turn/version, or orders the rules refuse.
        """
        self._require_running()
        view = self.view(seat)
        try:
            check_fresh(view, turn, version)
            orders = parse_orders(text)
            check_orders(view, orders)
        except ValueError as error:
            raise wire_error_from_rules(error) from None
        outputs: Outputs = []
        if not by_bot and self.seats[seat].missed > 0:
            self.emit(Returned(seat))
        self.emit(OrdersGiven(seat, format_orders(orders)))
        if by_bot and self.seats[seat].bot is not None:
            # A seat's own bot is ready at once; a stand-in for an absent player waits for the
            # deadline, so that the player can still come back this turn.
            self.emit(ReadySet(seat, True))
        outputs.append((seat, to_mapping(Ack(request_id, self.id, turn, version, self.pending[seat]))))
        return outputs

    def set_ready(self, seat: int, request_id: int | None, turn: int, version: int, is_ready: bool) -> Outputs:
        """Mark a seat ready (or not); when every seat is ready the turn resolves at once (see ``due``).

        Raises:
            WireError: wrong phase or a stale turn/version.
        """
        self._require_running()
        try:
            check_fresh(self.view(seat), turn, version)
        except ValueError as error:
            raise wire_error_from_rules(error) from None
        self.emit(ReadySet(seat, is_ready))
        return [(seat, to_mapping(ReadyAck(request_id, self.id, turn, version, is_ready)))]

    def post_chat(self, seat: int, request_id: int | None, to: int | None, text: str) -> Outputs:
        """Store a chat line and send it to whoever may read it (everyone, or the two seats).

        Raises:
            WireError: if the press mode forbids it or ``to`` is not another seat.
        """
        if self.press == "none" or (to is not None and self.press != "full"):
            raise WireError("press-off", f"this match's press mode is {self.press!r}")
        if to is not None and (to >= len(self.seats) or to == seat):
            raise WireError("bad-request", f"no other seat {to}")
        if self.phase == "over":
            raise WireError("game-over", "the match has ended")
        self.emit(ChatRecord(seat, to, text))
        line = self.chat[-1]
        posted = to_mapping(ChatPosted(None, self.id, line))
        if to is None:
            outputs: Outputs = [(s, posted) for s in range(len(self.seats)) if s != seat]
            outputs.append((SPECTATORS, posted))
        else:
            outputs = [(to, posted)]
        outputs.append((seat, to_mapping(ChatPosted(request_id, self.id, line))))
        return outputs

    def _require_running(self) -> None:
        if self.phase == "over":
            raise WireError("game-over", "the match has ended")
        if self.phase != "running":
            raise WireError("wrong-phase", f"the match is {self.phase}, not running")

    def send_inject(self, kind: InjectKind, about: int | None, now: float) -> Outputs:
        """Tell every seat an inject, each its own wording: an ``event`` (for the alert line) and a
        ``sync`` with the seat's view, whose report now holds it (orders and readiness stay as they were).

        Raises:
            WireError: ``wrong-phase`` once the match is over; ``bad-request`` (detail ``bad-inject``)
                for a seat the rules cannot make it about.
        """
        if self.phase == "over":
            raise WireError("wrong-phase", "the match is over")
        try:
            inject(self.state, kind, about)  # checked first: a refused inject records nothing
        except RulesError as error:
            raise WireError("bad-request", str(error), detail=error.code) from None
        self.emit(Injected(kind.to_mapping(), about, now))
        outputs: Outputs = []
        for seat in range(len(self.seats)):
            told = self.view(seat).report[-1]
            text = f"{told.title}: {told.text}" if isinstance(told, Inject) else kind.title
            outputs.append((seat, to_mapping(MatchEvent(None, self.id, "inject", text=text))))
            outputs.append((seat, self.sync_for(seat, None)))
        public = self.state.events[-1]
        text = f"{public.title}: {public.text}" if isinstance(public, Inject) else kind.title
        outputs.append((SPECTATORS, to_mapping(MatchEvent(None, self.id, "inject", text=text))))
        outputs.append((SPECTATORS, self.spectator_sync(None)))
        return outputs

    # --- what a seat or spectator is shown -----------------------------------------------------

    def seats_public(self) -> list[SeatInfo]:
        return [SeatInfo(i, s.name, s.bot, s.token_hash is not None or s.bot is not None, s.missed)
                for i, s in enumerate(self.seats)]

    def chat_for(self, seat: int | None) -> list[ChatLine]:
        return [c for c in self.chat if c.to is None or (seat is not None and seat in (c.sender, c.to))]

    def sync_for(self, seat: int, request_id: int | None) -> dict[str, Any]:
        """Everything a seat needs after (re)connecting: its view, its pending orders, chat it may read."""
        return to_mapping(SyncState(request_id, self.id, seat, self.phase, self.deadline, self.view(seat).to_mapping(),
                                    self.pending.get(seat), seat in self.ready, self.seats_public(),
                                    self.chat_for(seat), self.public_seed,
                                    self.reveal() if self.phase == "over" else None))

    def spectator_sync(self, request_id: int | None) -> dict[str, Any]:
        return to_mapping(SyncState(request_id, self.id, None, self.phase, self.deadline, spectator_view(self.state),
                                    None, False, self.seats_public(), self.chat_for(None), self.public_seed,
                                    self.reveal() if self.phase == "over" else None))

    def history_for(self, seat: int, request_id: int | None) -> dict[str, Any]:
        """The seat's own view at the start of every past turn (seat-fogged)."""
        return to_mapping(HistoryViews(request_id, self.id, seat, [view_for(s, seat).to_mapping() for s in self.states]))

    def reveal(self) -> MatchReveal:
        data = omniscient_view(self.state)
        data["scores"] = [[player, score] for player, score in sorted(data["scores"].items())]
        data["history"] = self.history_public()
        return MatchReveal.from_mapping(data)  # checked as a client will read it

    def history_public(self) -> list[dict[str, Any]]:
        """Per turn played, each player's true budget split, total unit strength and attacks (for the debrief).

        Only for the reveal: the match is over, so nothing here helps anyone play.
        """
        rows = []
        for after in (*self.states[1:], self.state):  # the state after a turn holds the split used in it
            strength = [0] * len(after.players)
            for unit in after.units.values():
                strength[unit.owner] += unit.strength
            rows.append({"turn": after.turn - 1, "budgets": [str(p.budget) for p in after.players],
                         "strength": strength, "attacks": attacks_in(after.events)})
        return rows

    def summary(self) -> ListedMatch:
        return ListedMatch(self.id, self.code, self.scenario.name, self.phase, self.state.turn, self.seats_public(),
                           self.turn_seconds, self.press, self.public_seed)

    # --- the turn ending -----------------------------------------------------------------------

    def is_due(self, now: float) -> bool:
        """Whether the turn should resolve: the deadline passed, or every seat still in is ready."""
        if self.phase != "running":
            return False
        if self.deadline is not None and now >= self.deadline:
            return True
        return all(seat in self.ready for seat in self.alive_seats())

    def end_turn(self, now: float) -> Outputs:
        """Resolve the turn with the orders given; seats without orders hold and, if players, are flagged."""
        alive = self.alive_seats()
        flagged = [s for s in alive if s not in self.pending and self.bot_for(s) is None]
        self.emit(Resolved(self.state.turn, now, flagged,
                           {str(s): self.pending[s] for s in sorted(self.pending) if s in alive}))
        outputs: Outputs = []
        for seat in range(len(self.seats)):
            outputs.append((seat, to_mapping(TurnResolved(None, self.id, self.deadline, flagged,
                                                          self.view(seat).to_mapping()))))
        outputs.append((SPECTATORS, to_mapping(TurnResolved(None, self.id, self.deadline, flagged,
                                                            spectator_view(self.state)))))
        if self.phase == "over":
            revealed = to_mapping(Reveal(None, self.id, self.reveal()))
            outputs += [(seat, revealed) for seat in range(len(self.seats))]
            outputs.append((SPECTATORS, revealed))
        return outputs


def attacks_in(events: tuple[Event, ...]) -> list[list[int]]:
    """Who attacked whom in a turn's battles, as sorted [attacker, victim] pairs (a meeting: both ways)."""
    pairs: set[tuple[int, int]] = set()
    for event in events:
        if isinstance(event, Battle):
            attackers = {u.owner for u in event.units if u.role == "attacker"}
            victims = {u.owner for u in event.units if u.role in ("defender", "meeting")}
            pairs.update((a, v) for a in (attackers or victims) for v in victims if a != v)
    return [list(pair) for pair in sorted(pairs)]


@dataclass(frozen=True, eq=False)
class BotJob:
    """A bot's decision for one seat and turn, safe to run in another thread (``SeatBot`` serialises its calls)."""

    match: str
    seat: int
    bot: str
    player: SeatBot
    state: GameState  # the turn to play
    earlier: tuple[GameState, ...]  # the match's states before it, which a bot catching up reads

    def run(self) -> str:
        """The bot's orders, in canonical text. It sees only its seat's views."""
        states = {s.turn: s for s in self.earlier}
        states[self.state.turn] = self.state
        return format_orders(self.player.orders(self.state.turn, lambda turn: view_for(states[turn], self.seat)))
