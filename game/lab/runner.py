"""One lab match: play it, and turn it into rows (one per turn and player) and a match summary.

The lab is a teacher's tool, so it reads the truth (aims, development, every
battle) from the states; the beliefs it records are each seat's own, computed
by the intent model from that seat's views only, as the seat's bot would.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from game.assets import load_scenario
from game.bots import make_bot
from game.intel import Beliefs
from game.rules.events import Battle
from game.rules.scenario import Scenario
from game.rules.scoring import scores
from game.rules.setup import new_game
from game.rules.state import GameState
from game.rules.views import view_for
from game.selfplay import TurnRecord, play_match

MAX_SEATS = 8
COOPERATE = "cooperate"


@dataclass(frozen=True, slots=True)
class Task:
    scenario: str
    seed: int
    bots: tuple[str, ...]
    is_benchmark: bool = False  # the all-cooperate run of the same scenario and seed
    aims: str = "scenario"  # "scenario" or "security" (every seat a security seeker; game.rules.setup.new_game)


@dataclass(frozen=True, slots=True)
class MatchResult:
    task: Task
    rows: tuple[dict, ...]  # turns.csv rows
    total_score: int
    aims: tuple[str, ...]
    final_beliefs: dict[tuple[int, int], float]  # (observer still in, rival) -> P(revisionist) at the end
    first_battle_turn: int | None
    final_development: tuple[int, ...]


def bots_for(mix: list[str], seed: int, players: int) -> tuple[str, ...]:
    """The mix rotated by the seed, so each bot sits in every seat over the seeds."""
    return tuple(mix[(seed + seat) % len(mix)] for seat in range(players))


@lru_cache(maxsize=16)
def _scenario(name: str) -> Scenario:
    return load_scenario(name)


def run_task(task: Task) -> MatchResult:
    scenario = _scenario(task.scenario)
    bots = [make_bot(n) for n in task.bots]
    beliefs = [Beliefs(p) for p in range(scenario.players)]
    for seat, bot in enumerate(bots):
        # A bot that keeps Beliefs would build the same ones from the same views, a turn at a time:
        # it shares the lab's (the lab takes in each view first; Beliefs ignores a view of a turn it
        # has seen), so the intent model runs once per seat and turn instead of twice.
        if getattr(bot, "beliefs", False) is None:
            bot.beliefs = beliefs[seat]  # type: ignore[attr-defined]
    believed: dict[tuple[int, int], float] = {}
    rows: list[dict] = []
    first_battle: list[int] = []

    def observe(state: GameState) -> None:
        for player in state.players:
            if player.eliminated:
                continue
            view = view_for(state, player.id)
            beliefs[player.id].update(view)
            for rival, p in beliefs[player.id].revisionist_probabilities(view).items():
                believed[(player.id, rival)] = p

    def on_turn(state: GameState, turn: TurnRecord) -> None:
        in_battle = {u.owner for e in turn.events if isinstance(e, Battle) for u in e.units}
        if in_battle and not first_battle:
            first_battle.append(turn.turn)
        if not task.is_benchmark:
            for player in state.players:
                if player.id not in turn.orders:
                    continue  # out of the match before this turn
                record = getattr(bots[player.id], "last_record", None)
                row = {
                    "scenario": task.scenario, "seed": task.seed, "turn": turn.turn, "player": player.id,
                    "bot": task.bots[player.id], "aim": player.aim,
                    "military_share": f"{turn.military_share[player.id]:.2f}",
                    "development": player.development, "in_battle": int(player.id in in_battle),
                    "intent": getattr(record, "intent", "") if record is not None and record.turn == turn.turn else "",
                }
                for rival in range(MAX_SEATS):
                    key = (player.id, rival)
                    row[f"p_revisionist_{rival}"] = f"{believed[key]:.3f}" if key in believed else ""
                rows.append(row)
        if not task.is_benchmark:
            observe(state)

    initial = new_game(scenario, task.seed, aims=task.aims)
    if not task.is_benchmark:
        observe(initial)
    record = play_match(scenario, task.seed, bots, on_turn=on_turn, aims=task.aims)
    final = record.final_state
    assert final is not None
    alive = {p.id for p in final.players if not p.eliminated}
    return MatchResult(
        task=task,
        rows=tuple(rows),
        total_score=sum(scores(final).values()),
        aims=tuple(p.aim for p in final.players),
        final_beliefs={k: v for k, v in believed.items() if k[0] in alive},
        first_battle_turn=first_battle[0] if first_battle else None,
        final_development=tuple(p.development for p in final.players),
    )
