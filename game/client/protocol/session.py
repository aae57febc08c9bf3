"""The client's protocol core, Sans-I/O: frames go in, frames to send come out.

``Session.receive_frame(data)`` decodes one server frame and applies it to the session's
model (match, seat, view, legal orders, report, reveal); ``data_to_send()`` returns the
frames queued since the last call. Nothing here touches a socket, a thread or a clock, so
the core is tested without an event loop (the websockets pump is ``game.client.protocol.transport``).

The draft (moves, builds, postures, the budget, proposals, answers, leaves) is checked with
the rules' own ``order_problems`` as the player composes it; "End turn" sends it and then says
ready; changes after that are sent again (``revise``) until the turn resolves, and in a timed
match the draft is saved on the server as it settles (``save_draft``).

Every frame is read into the wire's typed messages (``parse_server_message``; a seat in a class
match also gets the class session's ``beliefs-ack``) and dispatched on its type through
``_HANDLERS``: nothing here reads a server's map by its keys but the views, which the rules' own
``PlayerView.from_mapping`` reads. A frame the client cannot use (undecodable, an unknown type, a
missing or ill-typed field, a view the rules cannot read) is logged, noted for the player in
``notices``, and otherwise ignored: never raised.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping

from game.rules import LegalOrders, PlayerView, RulesError, Scenario, legal_orders, order_problems
from game.rules.orders import Move, Propose
from game.rules.preview import PlannedMove, reachable
from game.rules.state import Budget
from game.rules.hexgrid import Hex
from game.rules.readers import read_str
from game.wire import PROTOCOL_VERSION, WireError, decode_server_frame, encode
from game.wire.class_messages import BeliefsAck, ClassMessage, parse_any_server_message
from game.wire.server_messages import (Ack, ChatLine, ChatPosted, Created, ErrorReply, HistoryViews, HostAck, Joined,
                                       Left, ListedMatch, MatchEvent, MatchList, MatchReveal, ReadyAck, Reveal, SeatInfo,
                                       ServerMessage, Spectating, SyncState, TurnResolved, Welcome)
from game.client.protocol.model import Draft
from game.intel import Beliefs, RivalEstimate

log = logging.getLogger("spiral.client")


@dataclass(frozen=True, slots=True)
class LocalMatch:
    """What to create and join on connecting: a match with bots in every seat but ``seat``."""

    scenario: str
    seats: tuple[str | None, ...]  # a bot name per seat, None for the player's seat
    seed: int | None
    name: str = "you"


class Session:
    def __init__(self, scenarios: Callable[[str], Scenario], name: str = "you") -> None:
        self._scenarios = scenarios  # scenario name -> Scenario (the map and rules are public)
        self.name = name
        self._ids = itertools.count(1)
        self._outgoing: list[bytes] = []
        self._pending: dict[int, str] = {}  # request id -> message type
        self._ready_after: int | None = None  # the orders request whose ack triggers "ready"
        self._local: LocalMatch | None = None
        self.match: str | None = None
        self.code: str | None = None
        self.host_token: str | None = None
        self.seat: int | None = None
        self.token: str | None = None
        self.view: PlayerView | None = None
        self.legal: LegalOrders | None = None
        self._planned: tuple[tuple, dict[Hex, PlannedMove]] | None = None
        self.draft = Draft()
        self.acked_orders: str | None = None  # the server's canonical text of the last accepted orders
        self._sent_orders: str | None = None  # the order text of the last "orders" request this turn
        self.is_ready = False
        self.deadline: float | None = None
        self.seats: list[SeatInfo] = []
        self.reveal: MatchReveal | None = None
        self.chat: list[ChatLine] = []
        self.notices: list[str] = []  # errors and events for the player, newest last
        self.notices_this_turn = 0  # where this turn's notices start in ``notices`` (older ones are history)
        self.reports: dict[int, tuple] = {}  # turn resolved -> the report of it, every turn this client saw
        self.last_error: str | None = None  # the last refusal this turn, for the game screen's status line
        self.views_received = 0
        self.beliefs: Beliefs | None = None
        self.estimates: dict[int, RivalEstimate] = {}  # the intent panel: per rival, from this seat's views only
        self.trend: dict[int, list[tuple[int, float]]] = {}  # rival -> (turn, P(revisionist)) over the turns seen
        self.failure: str | None = None  # why connecting to a match failed, for the connect screen
        self.welcome: Welcome | None = None  # the server's hello answer: scenarios and bots it offers
        self.history: list[PlayerView] | None = None  # this seat's past views, when asked for (the debrief)
        self.phase: str | None = None  # the match's: lobby, running, paused or over
        self.matches: list[ListedMatch] | None = None  # the server's public matches, once listed
        self._host_seat: int | None = None  # hosting: the seat to take once the match is created
        # Belief recording (a class session with it on): this turn's intent and read of each rival
        # (rival -> (step 0..4 of P(revisionist), will attack me)), and what the server last took.
        self.records_beliefs = False
        self.belief_intent: str | None = None
        self.belief_reads: dict[int, tuple[int, bool]] = {}
        self.beliefs_recorded: tuple[int, str, tuple[tuple[int, int, bool], ...]] | None = None
        self._beliefs_sent: tuple[int, str, tuple[tuple[int, int, bool], ...]] | None = None
        self.recorded_beliefs: dict[int, tuple[str, tuple[tuple[int, int, bool], ...]]] = {}  # turn -> (intent, reads)
        self._join_instead: dict[str, Any] | None = None  # a remembered seat is tried first; else this join

    # --- output --------------------------------------------------------------------------------

    def data_to_send(self) -> list[bytes]:
        frames, self._outgoing = self._outgoing, []
        return frames

    def request(self, kind: str, **fields: Any) -> int:
        request_id = next(self._ids)
        self._pending[request_id] = kind
        self._outgoing.append(encode({"type": kind, "id": request_id, **fields}))
        return request_id

    def start_local(self, local: LocalMatch) -> None:
        """Say hello, create the match, then (as the answers arrive) join it and start it."""
        self._local = local
        self.request("hello", protocol=PROTOCOL_VERSION, name=local.name)
        self.request("create", scenario=local.scenario, seats=list(local.seats), seed=local.seed, turn_seconds=0)

    def start_join(self, code: str, name: str, seat: int | None = None,
                   remembered: tuple[str, str] | None = None) -> None:
        """Say hello and take a seat in someone else's match by its join code (or a class code).

        With ``remembered`` (the match and token of the seat this code gave before, e.g. before the
        window was closed) the seat is taken back instead; if the server no longer knows it, the
        code is used to join afresh.
        """
        self.name, self.failure = name, None
        self.request("hello", protocol=PROTOCOL_VERSION, name=name)
        fields: dict[str, Any] = {"code": code, "name": name}
        if seat is not None:
            fields["seat"] = seat
        if remembered is not None:
            self._join_instead = fields
            self.match, self.token = remembered
            self.request("rejoin", match=remembered[0], token=remembered[1])
        else:
            self.request("join", **fields)

    def resume(self) -> bool:
        """After the connection dropped: say hello again and take the seat back with its token.

        Frames queued for the dead connection are dropped (the orders draft is kept, and the
        player sends it again); False if there is no seat to take back.
        """
        self._outgoing, self._pending, self._ready_after = [], {}, None
        if self.match is None or self.token is None:
            return False
        if self._local is not None and self.phase not in (None, "lobby"):
            self._local = None  # the match has started: never start it again (while in the lobby, the
            #                     rejoin's "joined" starts it, in case the start was lost with the server)
        self.request("hello", protocol=PROTOCOL_VERSION, name=self.name)
        self.request("rejoin", match=self.match, token=self.token)
        return True

    @property
    def end_turn_pending(self) -> bool:
        """Orders sent by "End turn" and not yet acknowledged (then "ready" follows)."""
        return self._ready_after is not None

    def end_turn(self) -> int | None:
        """Send the drafted orders; "ready" follows once the server acknowledges them."""
        if self.view is None or self.match is None or self.is_ready or self.view.is_over:
            return None
        if self._ready_after is not None:  # already sent, waiting for the ack
            return None
        request = self.send_orders()
        self._ready_after = request
        return request

    def send_orders(self) -> int:
        """Send the draft as this turn's orders (the server keeps the last set it accepted)."""
        assert self.view is not None and self.match is not None
        self._sent_orders = self.draft.to_text()
        return self.request("orders", match=self.match, turn=self.view.turn, version=self.view.version,
                            orders=self._sent_orders)

    def save_draft(self) -> int | None:
        """Send the draft as it stands, without saying ready (in a timed match: so that the deadline
        never finds the server without the player's latest orders)."""
        if (self.view is None or self.match is None or self.view.is_over or self.view.is_eliminated
                or self._ready_after is not None or self.draft.to_text() == (self._sent_orders or "")):
            return None
        return self.send_orders()

    @property
    def draft_is_saved(self) -> bool:
        """Whether the server holds exactly the drafted orders."""
        return self.acked_orders is not None and self.acked_orders == self.draft.to_text()

    def revise(self) -> int | None:
        """After "End turn", send the orders again if the player changed them since (until the turn resolves)."""
        if (self.view is None or self.match is None or not self.is_ready or self.view.is_over
                or self._ready_after is not None or self.draft.to_text() == (self._sent_orders or "")):
            return None
        return self.send_orders()

    def leave(self) -> int | None:
        """Give up this session's seat (or stop watching): the seat opens again, and a lobby its host
        leaves with no player seated is dropped at once (``event cancelled`` to its spectators)."""
        if self.match is None or self.seat is None:
            return None
        return self.request("leave", match=self.match)

    def request_history(self) -> int | None:
        """Ask for this seat's own view at the start of every past turn (the answer fills ``history``)."""
        if self.match is None or self.seat is None:
            return None
        return self.request("history", match=self.match)

    def send_chat(self, text: str, to: int | None = None) -> int | None:
        """A chat line to everyone (``to`` None) or to one seat; the server echoes the stored line."""
        text = text.strip()
        if not text or self.match is None:
            return None
        fields: dict[str, Any] = {"match": self.match, "text": text[:500]}
        if to is not None:
            fields["to"] = to
        return self.request("chat", **fields)

    # --- drafting orders -----------------------------------------------------------------------

    def destinations(self, unit: str) -> dict[Hex, bool]:
        """Where a unit may go this turn: hex -> needs an attack."""
        if self.legal is None:
            return {}
        return {d.to: d.needs_attack for d in self.legal.moves.get(unit, ())}

    def planned(self, unit: str) -> dict[Hex, PlannedMove]:
        """For each legal destination of ``unit``, how it would fare with the other moves drafted
        (run through the rules' movement against what this seat knows; cached until either changes)."""
        if self.view is None:
            return {}
        moves = {uid: Move(uid, to, attack) for uid, (to, attack) in self.draft.moves.items()}
        key = (unit, self.view.version, self.view.turn, tuple(sorted((uid, m.to, m.is_attack) for uid, m in moves.items()
                                                                      if uid != unit)))
        if self._planned is None or self._planned[0] != key:
            self._planned = (key, reachable(self.view, moves, unit, self.destinations(unit)))
        return self._planned[1]

    def reachable(self, unit: str) -> dict[Hex, bool]:
        """The destinations ``unit`` would really reach (hex -> needs an attack): the legal ones less
        those the player's own units, staying or as ordered, or rival forces it sees would stop it short of."""
        planned = self.planned(unit)
        return {h: attack for h, attack in self.destinations(unit).items() if h not in planned or planned[h].arrives}

    def order_move(self, unit: str, to: Hex, attack: bool = False) -> bool:
        needs_attack = self.destinations(unit).get(to)
        if needs_attack is None:
            return False
        self.draft.moves[unit] = (to, attack or needs_attack)
        self.draft.postures.pop(unit, None)
        return True

    def order_build(self, city: Hex, kind: str) -> bool:
        if self.legal is None or kind not in self.legal.builds.get(city, ()):
            return False
        self.draft.builds[city] = kind
        return True

    def order_budget(self, budget: Budget) -> None:
        self.draft.budget = None if self.view is not None and budget == self.view.budget else budget

    def posture_of(self, unit: str) -> bool:
        """Whether the unit will be entrenched at the end of the turn, as drafted."""
        if self.view is None or unit not in self.view.unit_by_id:
            return False
        return self.draft.postures.get(unit, self.view.unit_by_id[unit].entrenched)

    def toggle_posture(self, unit: str) -> bool:
        """Entrench a mobile unit or bring an entrenched one out; entrenching drops its move."""
        if self.legal is None or self.view is None or unit not in self.legal.postures:
            return False
        wanted = not self.posture_of(unit)
        if wanted == self.view.unit_by_id[unit].entrenched:
            self.draft.postures.pop(unit, None)
        else:
            self.draft.postures[unit] = wanted
            if wanted:
                self.draft.moves.pop(unit, None)
        return True

    def toggle_conceal(self, unit: str) -> bool:
        """Hide a unit from inspections this turn, or stop hiding it (RULES §10.5); False if it cannot be."""
        if self.legal is None or unit not in self.legal.conceals:
            return False
        if unit in self.draft.conceals:
            self.draft.conceals.discard(unit)
        else:
            self.draft.conceals.add(unit)
        return True

    def order_propose(self, kind: str, target: int, cap: int | None = None,
                      hexes: tuple[Hex, ...] = ()) -> str | None:
        """Draft a proposal; the reason it is refused (the rules' message), or None if drafted."""
        proposal = Propose(kind, target, cap=cap if kind == "arms_cap" else None,
                           hexes=tuple(hexes) if kind == "demilitarised" else ())
        replaced = self.draft.proposals.pop((kind, target), None)  # a new cap or zone replaces the drafted one
        problem = self.problem_with(proposal)
        if problem is None:
            self.draft.proposals[(kind, target)] = proposal
        elif replaced is not None:
            self.draft.proposals[(kind, target)] = replaced
        return problem

    def cancel_proposal(self, kind: str, target: int) -> None:
        self.draft.proposals.pop((kind, target), None)

    def order_answer(self, proposal: str, accepted: bool | None) -> None:
        """Accept or reject a proposal made to this seat (None: no answer yet)."""
        if accepted is None:
            self.draft.answers.pop(proposal, None)
        else:
            self.draft.answers[proposal] = accepted

    def order_leave(self, agreement: str, leaving: bool = True) -> None:
        (self.draft.leaves.add if leaving else self.draft.leaves.discard)(agreement)

    def problem_with(self, order: Any) -> str | None:
        """Why the rules would refuse ``order`` on top of the draft (None: they would take it)."""
        if self.view is None:
            return "no match yet"
        problems: list[RulesError] = order_problems(self.view, [*self.draft.orders(), order])
        return str(problems[-1]) if problems else None

    def draft_problems(self) -> list[str]:
        """Every problem the rules find with the draft as it stands (shown before sending)."""
        if self.view is None or self.view.is_over:
            return []
        return [str(problem) for problem in order_problems(self.view, self.draft.orders())]

    def cancel_unit(self, unit: str) -> None:
        self.draft.moves.pop(unit, None)
        self.draft.postures.pop(unit, None)

    # --- input ---------------------------------------------------------------------------------

    def receive_frame(self, data: bytes) -> ServerMessage | ClassMessage | None:
        """Apply one server frame; return the typed message (None if it could not be read or used)."""
        try:
            mapping = decode_server_frame(data)
        except WireError as problem:
            self._unreadable("an undecodable frame", problem)
            return None
        return self.receive(mapping)

    def receive(self, mapping: Mapping[str, Any]) -> ServerMessage | ClassMessage | None:
        """Read one decoded frame into its typed message and apply it (None if it could not be).

        Nothing a server sends raises here: a frame of an unknown type, with a missing, unknown or
        ill-typed field, or one that the rules cannot read (a view that is not a view) is logged,
        noted for the player, and otherwise ignored.
        """
        try:
            message = parse_any_server_message(mapping)
        except WireError as problem:
            self._unreadable(f"a {_type_name(mapping)} message", problem)
            return None
        handler = _HANDLERS.get(type(message))
        if handler is None:  # a class session's answer: meant for a teacher, not for a seat
            log.warning("ignored a %r message: this client does not use it", message.TYPE)
            return None
        try:
            handler(self, message)
        except Exception as problem:  # a view the rules cannot read, or a bug: whatever a server sends, the window goes on
            self._unreadable(f"a {message.TYPE} message", problem)
            return None
        return message

    def _unreadable(self, what: str, problem: Exception) -> None:
        log.warning("ignored %s from the server: %s", what, problem)
        self.notices.append(f"The server sent {what} this client cannot read (ignored): {problem}")

    def _asked(self, message: ServerMessage | BeliefsAck) -> str | None:
        return self._pending.pop(message.id, None) if message.id is not None else None

    def _on_welcome(self, message: Welcome) -> None:
        self._asked(message)
        self.welcome = message

    def _on_created(self, message: Created) -> None:
        self._asked(message)
        self.match, self.code, self.host_token = message.match, message.code, message.host_token
        if self._local is not None:
            self.request("join", code=self.code, name=self._local.name, seat=self._local.seats.index(None))
        elif self._host_seat is not None:
            self.request("join", code=self.code, name=self.name, seat=self._host_seat)

    def _on_joined(self, message: Joined) -> None:
        self._asked(message)
        self.match, self.seat = message.match, message.seat
        if message.token:
            self.token = message.token
        self.records_beliefs = message.beliefs
        self._join_instead = None
        if self._local is not None and self.host_token is not None:
            self.request("host", match=self.match, token=self.host_token, action="start")

    def _set_view(self, data: Mapping[str, Any]) -> None:
        scenario = self._scenarios(read_str(data["scenario"]))
        view = PlayerView.from_mapping(data, scenario)
        same_turn = self.view is not None and (self.view.turn, self.view.version) == (view.turn, view.version)
        self.view, self.legal = view, legal_orders(view)
        if not same_turn:  # a resync of the same turn (a reconnect) keeps what the player drafted
            self.draft = Draft()
            self.notices_this_turn = len(self.notices)
        if view.turn > 1 or view.report:
            self.reports[view.turn - 1] = tuple(view.report)
        self.acked_orders, self.is_ready, self._sent_orders, self.last_error = None, False, None, None
        self.views_received += 1
        if self.beliefs is None or self.beliefs.player != view.player:
            self.beliefs, self.trend = Beliefs(view.player), {}
        self.beliefs.update(view)
        self.estimates = self.beliefs.estimate(view)
        for rival, estimate in self.estimates.items():
            points = self.trend.setdefault(rival, [])
            if not points or points[-1][0] != view.turn:
                points.append((view.turn, estimate.revisionist.p))

    def _on_sync(self, message: SyncState) -> None:
        self._asked(message)
        self.match, self.seat = message.match, message.seat
        self.deadline, self.seats, self.phase, self.chat = message.deadline, message.seats, message.phase, message.chat
        if message.seat is not None:  # a seat's own view (a spectator's is not a seat's view)
            turn_before = self.view.turn if self.view is not None else None
            self._set_view(message.view)
            fresh = self.view is None or self.view.turn != turn_before
            self.acked_orders = message.orders or None
            if fresh and self.acked_orders:  # orders the server already holds: draft on from them
                self.draft = Draft.from_text(self.acked_orders)
            self._sent_orders = self.acked_orders
            self.is_ready = message.ready
        if message.reveal is not None:
            self.reveal = message.reveal

    def _on_turn(self, message: TurnResolved) -> None:
        self._set_view(message.view)
        self.deadline = message.deadline
        if message.flagged:
            self.notices.append(f"missed the deadline: seats {message.flagged}")

    def _on_ack(self, message: Ack) -> None:
        self._asked(message)
        if message.id is None and message.orders != self.acked_orders:
            # Orders this window did not send: a team-mate's on the same seat (class teams), or a bot
            # standing in. They are the seat's orders now; a draft with nothing unsent follows them.
            is_clean = self.draft.to_text() in (self._sent_orders or "", self.acked_orders or "")
            self.notices.append(f"Your seat's orders are now: {message.orders or 'hold'}")
            if is_clean:
                try:
                    self.draft, self._sent_orders = Draft.from_text(message.orders), message.orders
                except RulesError as problem:  # a server bug: keep the draft, say so, carry on
                    log.warning("ignored unreadable orders in an ack: %s", problem)
        self.acked_orders, self.last_error = message.orders, None
        if message.id is not None and message.id == self._ready_after and self.view is not None:
            self._ready_after = None
            self.request("ready", match=self.match, turn=self.view.turn, version=self.view.version, ready=True)

    # --- belief recording (class sessions) ------------------------------------------------------

    def set_belief_read(self, rival: int, *, step: int | None = None, attack: bool | None = None) -> None:
        """Change this turn's read of ``rival``: P(revisionist) as a step 0..4, and/or "will attack me"."""
        old_step, old_attack = self.belief_reads.get(rival, (2, False))
        self.belief_reads[rival] = (old_step if step is None else step, old_attack if attack is None else attack)

    def belief_record(self) -> tuple[int, str, tuple[tuple[int, int, bool], ...]] | None:
        """What ``send_beliefs`` would send: (turn, intent, reads), or None without a view or an intent."""
        if self.view is None or self.belief_intent is None:
            return None
        rivals = sorted(r.id for r in self.view.rivals)
        reads = tuple((r, *self.belief_reads[r]) for r in rivals if r in self.belief_reads)
        return self.view.turn, self.belief_intent, reads

    def beliefs_are_recorded(self) -> bool:
        """Whether the server holds exactly the beliefs drafted now, for this turn."""
        return self.beliefs_recorded is not None and self.beliefs_recorded == self.belief_record()

    def send_beliefs(self) -> int | None:
        """Record this turn's intent and reads on the server (None if there is nothing to send)."""
        record = self.belief_record()
        if record is None or self.match is None or not self.records_beliefs:
            return None
        turn, intent, reads = record
        self._beliefs_sent = record
        return self.request("beliefs", match=self.match, turn=turn, intent=intent, reads=[list(r) for r in reads])

    def _on_beliefs_ack(self, message: BeliefsAck) -> None:
        self._asked(message)
        if self._beliefs_sent is not None and self._beliefs_sent[0] == message.turn:
            self.beliefs_recorded = self._beliefs_sent
            turn, intent, reads = self._beliefs_sent
            self.recorded_beliefs[turn] = (intent, reads)

    def _on_ready_ack(self, message: ReadyAck) -> None:
        self._asked(message)
        self.is_ready = True

    def _on_error(self, message: ErrorReply) -> None:
        asked = self._asked(message)
        if message.id is not None and message.id == self._ready_after:
            self._ready_after = None
        if asked == "rejoin" and self._join_instead is not None:  # the remembered seat is gone: join afresh
            fields, self._join_instead = self._join_instead, None
            self.match = self.token = None
            self.request("join", **fields)
            return
        if asked in ("hello", "create", "join", "rejoin"):
            self.failure = connect_failure(message.code, message.message)
        self.notices.append(f"{asked or 'server'}: {message.code}: {message.message}")
        self.last_error = f"{asked or 'server'} refused: {message.message}"
        log.warning("server error: %s", message)

    def _on_chat(self, message: ChatPosted) -> None:
        self._asked(message)
        self.chat.append(message.line)

    def _on_event(self, message: MatchEvent) -> None:
        self._asked(message)
        if message.phase is not None:  # a host action: the phase and the deadline after it
            self.phase, self.deadline = message.phase, message.deadline
        self.notices.append(event_notice(message))
        self._seats_after(message)

    def _on_history(self, message: HistoryViews) -> None:
        self._asked(message)
        self.history = [PlayerView.from_mapping(data, self._scenarios(read_str(data["scenario"])))
                        for data in message.views]

    def _on_reveal(self, message: Reveal) -> None:
        self.reveal = message.reveal

    def _on_quiet(self, message: HostAck | Left | Spectating) -> None:
        self._asked(message)

    # --- the menus: hosting a match, the lobby, the server's list of matches --------------------

    def start_hosting(self, scenario: str, seats: tuple[str | None, ...], seat: int, *, turn_seconds: int = 300,
                      seed: int | None = None, public: bool = True) -> None:
        """Say hello and create a match with ``seats`` (a bot name, or None for a person); once it
        exists, take ``seat`` in it. The host token is kept in ``host_token``; nothing starts the
        match until the host says so (``host_action("start")``)."""
        self._host_seat = seat
        self.request("hello", protocol=PROTOCOL_VERSION, name=self.name)
        fields: dict[str, Any] = {"scenario": scenario, "seats": list(seats), "turn_seconds": turn_seconds,
                                  "public": public}
        if seed is not None:
            fields["seed"] = seed
        self.request("create", **fields)

    def host_action(self, action: str, **fields: Any) -> int | None:
        """A host action on this session's match (``start``, ``pause``, ``resume``, ``kick``...);
        None if this session does not host a match."""
        if self.match is None or self.host_token is None:
            return None
        return self.request("host", match=self.match, token=self.host_token, action=action, **fields)

    def start_listing(self) -> None:
        """Say hello and ask for the server's public matches (they arrive in ``matches``)."""
        self.matches, self.failure = None, None
        self.request("hello", protocol=PROTOCOL_VERSION, name=self.name)
        self.request("list")

    def _on_matches(self, message: MatchList) -> None:
        self._asked(message)
        self.matches = message.matches

    def _seats_after(self, message: MatchEvent) -> None:
        """Keep the seat list (names, bots, who is in) true between syncs, for the lobby and the game."""
        if message.kind == "start":  # the server fills the open seats with bots
            self.seats = [seat if seat.taken else replace(seat, bot=seat.bot or TAKEOVER_BOT, taken=True)
                          for seat in self.seats]
            return
        if message.seat is None:
            return
        if message.kind == "joined":
            change: dict[str, Any] = {"name": message.name, "bot": None, "taken": True, "missed": 0}
        elif message.kind in ("left", "kick", "kicked"):
            change = {"name": None, "bot": None, "taken": False}
        elif message.kind == "bot":  # the event does not name the bot: the server's stand-in
            change = {"name": None, "bot": TAKEOVER_BOT, "taken": True}
        else:
            return
        self.seats = [replace(seat, **change) if seat.seat == message.seat else seat for seat in self.seats]


TAKEOVER_BOT = "basic"  # the bot the server seats when a match starts with open seats


def event_notice(message: MatchEvent) -> str:
    """A server event (someone joined, the host paused...) as a line for the player."""
    who = f"seat {message.seat}" if message.seat is not None else "a player"
    plain = {
        "start": "The match has started.", "pause": "The host paused the match.", "resume": "The match goes on.",
        "extend": "The host gave more time for this turn.", "advance": "The host ended the turn.",
        "joined": f"{message.name} joined ({who})." if message.name else f"{who} joined.",
        "left": f"{who} left; the seat is open.", "reconnected": f"{who} is back.",
        "kicked": f"The host removed {who}.", "bot": f"A bot now plays {who}.",
        "replaced": "Your seat was taken by another connection with your token.",
        "announcement": f"Teacher: {message.text}", "end": "The teacher ended the match.",
        "inject": f"News: {message.text}",
        "cancelled": "The host cancelled the match.", "expired": "The lobby expired: no player sat in it.",
    }
    return plain.get(message.kind, f"event: {message.kind}")


def seconds_left(deadline: float | None, now: float) -> float | None:
    """Seconds until the server's deadline (both on the epoch clock); None when there is no timer."""
    return None if deadline is None else max(0.0, deadline - now)


def connect_failure(code: str, message: str) -> str:
    """What to tell a player whose attempt to enter a match was refused."""
    plain = {
        "protocol-version": "This server runs another version of Spiral (protocol mismatch): " + message,
        "no-such-match": "No match has that code. Check the code with the host.",
        "seat-taken": "That seat is already taken.",
        "match-full": "The match is full: every seat is taken.",
        "bad-token": "The server no longer knows your seat (you were kicked, or the match is gone).",
        "game-over": "That match has ended.",
        "match-unavailable": "The server cannot resume that match (its scenario changed since it began): "
                             "ask the host.",
        "internal": "The server failed on that request (a bug on its side); nothing changed. Try again.",
        "too-many-matches": "You already have as many unfinished matches on this server as it allows: "
                            "finish or leave one first.",
        "server-busy": "The server is at its limit right now: " + message,
    }
    return plain.get(code, f"The server refused: {message} ({code})")


def _type_name(mapping: Any) -> str:
    kind = mapping.get("type") if isinstance(mapping, Mapping) else None
    return repr(kind)[:40] if kind is not None else "typeless"


# One handler per message type this client uses; the class session's other answers are for teachers.
_HANDLERS: dict[type, Callable[[Session, Any], None]] = {
    Welcome: Session._on_welcome, Created: Session._on_created, Joined: Session._on_joined,
    SyncState: Session._on_sync, TurnResolved: Session._on_turn, Ack: Session._on_ack,
    ReadyAck: Session._on_ready_ack, ErrorReply: Session._on_error, ChatPosted: Session._on_chat,
    MatchEvent: Session._on_event, Reveal: Session._on_reveal, HostAck: Session._on_quiet, Left: Session._on_quiet,
    MatchList: Session._on_matches, HistoryViews: Session._on_history, Spectating: Session._on_quiet,
    BeliefsAck: Session._on_beliefs_ack,
}
