"""The debrief of one match, computed from its replay: rows, the spiral timeline, the misperception matrix.

Definitions (docs/TEACHING.md, "Reading the debrief", says the same in plain words; the spiral
steps and deterrence failures are defined once, in ``game.debrief.timeline``):

* a seat's **military share** on turn t is the military part of the budget split it played that turn;
* a rival's **read** of a seat on turn t is the student's recorded P(revisionist) for that turn if
  there is one, else the intent model's (``game.intel``, from the rival's own views only);
* a seat **attacked** another when its units attacked (assault or meeting) the other's.

Everything is read from the replayed states and their typed events (``game.rules.events``).
"""

from __future__ import annotations

from dataclasses import dataclass

from game.bots.seat import SeatBot
from game.debrief.log import BeliefNote, MatchLog
from game.debrief.timeline import THREAT, Facts, Reading, Step, spiral_timeline
from game.intel import Beliefs
from game.rules import check_orders, new_game, parse_orders, resolve, view_for
from game.rules.events import Agreed, Battle, Event, Inject, Left, Violation
from game.rules.injects import inject
from game.rules.scenario import Scenario
from game.rules.scoring import scores
from game.rules.state import GameState



@dataclass(frozen=True, slots=True)
class SeatTurn:
    """One row of the debrief: a seat on a turn played (the CSV's ``turns.csv``)."""

    match: str
    scenario: str
    turn: int
    seat: int
    player: str  # the state's name for the seat (Ardent, Boreal...)
    played_by: str
    aim: str
    military_share: int
    development_share: int
    intelligence_share: int
    forces: int  # total strength of its units after the turn
    units: int
    cities: int
    development: int  # accumulated
    attacked: tuple[int, ...]  # seats its units attacked this turn
    intent: str  # recorded, or "" (bots, or nothing recorded)


@dataclass(frozen=True, slots=True)
class Read:
    """What ``observer`` made of ``rival`` on a turn (the CSV's ``reads.csv``)."""

    match: str
    turn: int
    observer: int
    rival: int
    recorded: float | None  # the student's P(revisionist), if recorded
    recorded_attack: bool | None
    model: float  # the intent model's P(revisionist) from the observer's views
    truth: str  # the rival's aim
    seen_units: int = 0  # the rival's units the observer saw at the start of the turn (its signatures)
    seen_strength: tuple[int, int] = (0, 0)  # their strength as the observer could bound it (low, high)

    @property
    def value(self) -> float:
        return self.model if self.recorded is None else self.recorded

    @property
    def source(self) -> str:
        return "model" if self.recorded is None else "recorded"

    @property
    def is_threat(self) -> bool:
        return self.value >= THREAT or bool(self.recorded_attack)


@dataclass(frozen=True, slots=True)
class MatchDebrief:
    log: MatchLog
    scenario: Scenario
    players: tuple[str, ...]
    aims: tuple[str, ...]
    turns_played: int
    rows: tuple[SeatTurn, ...]
    reads: tuple[Read, ...]
    timeline: tuple[Step, ...]
    scores: tuple[int, ...]
    benchmark: int  # total score had every seat played the cooperate bot for as many turns
    agreements_made: int
    agreements_broken: int

    @property
    def welfare(self) -> float:
        return sum(self.scores) / self.benchmark if self.benchmark else 0.0

    @property
    def spiral_steps(self) -> int:
        return sum(1 for s in self.timeline if s.kind == "spiral")

    @property
    def deterrence_failures(self) -> int:
        return sum(1 for s in self.timeline if s.kind == "deterrence-failure")

    @property
    def mean_military_share(self) -> float:
        return sum(r.military_share for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def war_rate(self) -> float:
        """Share of seat-turns in which the seat attacked someone."""
        return sum(1 for r in self.rows if r.attacked) / len(self.rows) if self.rows else 0.0

    @property
    def first_war_turn(self) -> int | None:
        return min((r.turn for r in self.rows if r.attacked), default=None)

    @property
    def misperception(self) -> float:
        """Mean error of the final reads against the truth (0: every aim read right with certainty)."""
        last = [r for r in self.reads if r.turn == self.turns_played]
        if not last:
            return 0.0
        return sum(abs(r.value - (1.0 if r.truth == "revisionist" else 0.0)) for r in last) / len(last)

    def final_read(self, observer: int, rival: int) -> Read | None:
        found = [r for r in self.reads if r.observer == observer and r.rival == rival]
        return found[-1] if found else None


def replay(log: MatchLog, scenario: Scenario) -> list[GameState]:
    """The states of a match: ``[0]`` at the start, ``[t]`` after turn t, from its seed and orders.

    Raises:
        ValueError: the orders no longer apply (the rules or the scenario changed since).
    """
    state = new_game(scenario, log.seed, aims=log.aims)
    states = [state]
    for turn, orders in log.orders:
        for note in log.injects:
            if note.turn == turn:  # sent while this turn was awaited: the seats played it from the news
                state = states[-1] = inject(state, note.kind, note.about)
        checked = {seat: check_orders(view_for(state, seat), parse_orders(text)) for seat, text in orders.items()}
        state = resolve(state, checked).state
        states.append(state)
    for note in log.injects:
        if note.turn == state.turn and not state.is_over:  # sent during the turn the match ended in
            state = states[-1] = inject(state, note.kind, note.about)
    return states


def debrief(log: MatchLog, scenario: Scenario) -> MatchDebrief:
    """Everything the report shows about one match.

    Raises:
        ValueError: the match does not replay (see ``replay``).
    """
    states = replay(log, scenario)
    seats = scenario.players
    final = states[-1]
    names = tuple(p.name for p in final.players)
    aims = tuple(p.aim for p in final.players)
    turns = len(states) - 1
    events: list[tuple[Event, ...]] = [tuple(s.events) if t else () for t, s in enumerate(states)]
    attacks = [_attacks(e) for e in events]
    notes = {(n.turn, n.seat): n for n in log.beliefs}
    rows = []
    for t in range(1, turns + 1):
        after = states[t]
        for seat in range(seats):
            player = after.players[seat]
            units = [u for u in after.units.values() if u.owner == seat]
            note = notes.get((t, seat))
            rows.append(SeatTurn(
                log.match, scenario.name, t, seat, player.name, log.players[seat], player.aim,
                player.budget.military, player.budget.development, player.budget.intelligence,
                sum(u.strength for u in units), len(units), sum(1 for o in after.city_owner.values() if o == seat),
                player.development, tuple(sorted(v for a, v in attacks[t] if a == seat)),
                "" if note is None else note.intent))
    reads = _reads(log, states, notes)
    timeline = _timeline(log, states, rows, reads, attacks, events, names, aims)
    made = sum(1 for turn in events for event in turn if isinstance(event, Agreed))
    broken = sum(1 for turn in events for event in turn if isinstance(event, (Violation, Left)))
    final_scores = scores(final)
    return MatchDebrief(log, scenario, names, aims, turns, tuple(rows), reads, timeline,
                        tuple(final_scores[s] for s in range(seats)), _benchmark(scenario, log.seed, log.aims, turns),
                        made, broken)


def _attacks(events: tuple[Event, ...]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for event in events:
        if not isinstance(event, Battle):
            continue
        attackers = {u.owner for u in event.units if u.role == "attacker"}
        victims = {u.owner for u in event.units if u.role in ("defender", "meeting")}
        if not attackers:  # a meeting: every side moved into the other
            attackers = victims
        pairs.update((a, v) for a in attackers for v in victims if a != v)
    return pairs


def _reads(log: MatchLog, states: list[GameState], notes: dict[tuple[int, int], BeliefNote]) -> tuple[Read, ...]:
    final = states[-1]
    reads = []
    for observer in range(len(final.players)):
        model = Beliefs(observer)
        for t in range(1, len(states)):
            view = view_for(states[t - 1], observer)  # the view the seat played turn t from
            model.update(view)
            estimates = model.revisionist_probabilities(view)
            note = notes.get((t, observer))
            recorded = {} if note is None else {r: (p, a) for r, p, a in note.reads}
            for rival in sorted(estimates):
                p, attack = recorded.get(rival, (None, None))
                seen = [s for s in view.sightings if s.owner == rival and s.seen_turn == view.turn]
                reads.append(Read(log.match, t, observer, rival, p, attack, round(estimates[rival], 3),
                                  final.players[rival].aim, len(seen),
                                  (sum(s.strength_low for s in seen), sum(s.strength_high for s in seen))))
    return tuple(reads)


def _timeline(log: MatchLog, states: list[GameState], rows: list[SeatTurn], reads: tuple[Read, ...],
              attacks: list[set[tuple[int, int]]], events: list[tuple[Event, ...]], names: tuple[str, ...],
              aims: tuple[str, ...]) -> tuple[Step, ...]:
    shares = {(r.turn, r.seat): r.military_share for r in rows}
    shares.update({(0, seat): player.budget.military for seat, player in enumerate(states[0].players)})
    facts = Facts(
        names, aims, len(states) - 1, shares,
        intents={(r.turn, r.seat): r.intent for r in rows if r.intent},
        reads={(r.turn, r.observer, r.rival): Reading(r.value, r.source, r.recorded_attack) for r in reads},
        attacks={t: frozenset(pairs) for t, pairs in enumerate(attacks) if pairs},
        agreements=tuple((t, e.agreement_kind, e.proposer, e.target) for t, turn in enumerate(events) for e in turn
                         if isinstance(e, Agreed)),
        broken=tuple((t, "broke" if isinstance(e, Violation) else "left", e.agreement_kind, e.by)
                     for t, turn in enumerate(events) for e in turn if isinstance(e, (Violation, Left))),
        announcements=log.announcements,
        injects=tuple((e.turn, f"{e.title}: {e.text}") for s in states for e in s.events if isinstance(e, Inject)))
    return spiral_timeline(facts)


def _benchmark(scenario: Scenario, seed: int, aims: str | tuple[str, ...], turns: int) -> int:
    """The total score had every seat played the ``cooperate`` bot (nobody arms or fights) as many turns."""
    state = new_game(scenario, seed, aims=aims)
    seats = [SeatBot("cooperate", seed, seat) for seat in range(scenario.players)]
    for _ in range(turns):
        if state.is_over:
            break
        views = {p.id: view_for(state, p.id) for p in state.players if not p.eliminated}
        orders = {seat: check_orders(view, seats[seat].play(view)) for seat, view in views.items()}
        state = resolve(state, orders).state
    return sum(scores(state).values())
