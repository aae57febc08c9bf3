"""Headless matches between bots, and replays of recorded matches.

A bot sees only ``view_for(state, seat)`` and the legal orders listed from it;
its orders go through the same check a remote player's would. Each seat's bot
runs as a ``SeatBot`` (game/bots/seat.py), as in the server: one bot object for
the whole match and one random stream a turn. A match is
recorded as (scenario, seed, orders per turn in canonical text), which is all
``replay`` needs to reproduce every state hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from game.bots.base import Bot
from game.bots.seat import SeatBot
from game.rules.orders import format_orders, parse_orders
from game.rules.resolve import resolve, resolve_checked
from game.rules.scenario import Scenario
from game.rules.scoring import scores
from game.rules.setup import new_game
from game.rules.state import Event, GameState, PlayerId
from game.rules.validation import check_orders
from game.rules.views import view_for


@dataclass(frozen=True, slots=True)
class TurnRecord:
    turn: int
    orders: dict[PlayerId, str]  # canonical order text per player
    military_share: dict[PlayerId, float]  # budget share in force during the turn
    events: tuple[Event, ...]
    state_hash: str  # of the state after the turn


@dataclass
class MatchRecord:
    scenario: Scenario
    seed: int
    initial_hash: str
    turns: list[TurnRecord] = field(default_factory=list)
    final_state: GameState | None = None

    @property
    def battles(self) -> int:
        return sum(1 for t in self.turns for e in t.events if e.kind == "battle")


def play_match(
    scenario: Scenario,
    seed: int,
    bots: list[Bot],
    *,
    max_turns: int | None = None,
    on_turn: Callable[[GameState, TurnRecord], None] | None = None,
    aims: str = "scenario",
) -> MatchRecord:
    """Play bots against each other until the match ends (or ``max_turns`` turns are played).

    Raises:
        ValueError: if there is not one bot per seat.
        RulesError: if the seed is invalid, or a bot gives an illegal order (a bug in the bot).
    """
    if len(bots) != scenario.players:
        raise ValueError(f"{scenario.name} has {scenario.players} seats but {len(bots)} bots were given")
    state = new_game(scenario, seed, aims=aims)
    record = MatchRecord(scenario, seed, state.state_hash())
    seats = [SeatBot(bot, seed, seat) for seat, bot in enumerate(bots)]
    played = 0
    while not state.is_over and (max_turns is None or played < max_turns):
        checked = {}
        texts = {}
        for player in state.players:
            if player.eliminated:
                continue
            view = view_for(state, player.id)
            orders = seats[player.id].play(view)
            checked[player.id] = check_orders(view, orders)
            texts[player.id] = format_orders(orders)
        budgets = {}
        for player in state.players:
            chosen = checked.get(player.id)
            budget = chosen.budget if chosen is not None and chosen.budget is not None else player.budget
            budgets[player.id] = budget.military / 100
        resolution = resolve(state, checked)
        state = resolution.state
        turn = TurnRecord(state.turn - 1, texts, budgets, resolution.events, state.state_hash())
        record.turns.append(turn)
        played += 1
        if on_turn is not None:
            on_turn(state, turn)
    record.final_state = state
    return record


def replay(scenario: Scenario, seed: int, orders_per_turn: list[dict[PlayerId, str]], *,
           aims: str = "scenario") -> list[str]:
    """The state hash after each turn of a recorded match.

    Raises:
        RulesError: if a recorded order no longer parses or is no longer legal.
    """
    state = new_game(scenario, seed, aims=aims)
    hashes = []
    for orders in orders_per_turn:
        state = resolve_checked(state, {p: parse_orders(text) for p, text in orders.items()}).state
        hashes.append(state.state_hash())
    return hashes


def summary(record: MatchRecord) -> dict:
    """The match as one plain object (the ``--json`` output of ``spiral selfplay``)."""
    state = record.final_state
    assert state is not None, "summary of a match that was not played"
    final_scores = scores(state)
    players = []
    for player in state.players:
        shares = [t.military_share[player.id] for t in record.turns if player.id in t.orders]
        players.append({
            "id": player.id,
            "name": player.name,
            "aim": player.aim,
            "score": final_scores[player.id],
            "military_share_mean": round(sum(shares) / len(shares), 4) if shares else 0.0,
            "development": player.development,
            "cities_end": len(state.cities_of(player.id)),
            "eliminated": player.eliminated,
        })
    return {
        "scenario": record.scenario.name,
        "seed": record.seed,
        "turns": len(record.turns),
        "is_over": state.is_over,
        "final_hash": state.state_hash(),
        "hashes": [t.state_hash for t in record.turns],  # the state's after each turn
        "battles": record.battles,
        "captures": sum(1 for t in record.turns for e in t.events if e.kind == "captured"),
        "violations": sum(1 for t in record.turns for e in t.events if e.kind == "violation"),
        "players": players,
    }
