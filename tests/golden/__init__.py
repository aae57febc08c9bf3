"""Golden playthroughs: for each shipped scenario, a recorded match that must replay exactly.

Each file ``tests/golden/<scenario>.txt`` is canonical text: the scenario, the seed, the
bots that played it, the hash of the starting state, then for every turn each seat's
orders in the order notation (RULES §3.1) and the state hash after the turn::

    scenario duel
    seed 1
    bots security,revisionist
    start 5f0c...
    turn 1
      0 budget 40/50/10
      0 move a1 to 2,4
      1 budget 60/30/10
      hash 9a1e...

``tests/test_golden.py`` replays the orders through the rules and compares every hash:
a change to the rules, the maps or the scenarios that alters a match shows up as a
failing test, and then as a diff of these files when they are regenerated on purpose::

    python -m tests.golden --regenerate            # every scenario
    python -m tests.golden --regenerate duel       # one

Regenerating plays the bots again (so the orders may change too, when the bots did).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from game.assets import load_scenario, scenario_names
from game.bots import make_bot
from game.rules.orders import parse_orders
from game.rules.resolve import resolve_checked
from game.rules.setup import new_game
from game.selfplay import play_match

FOLDER = Path(__file__).resolve().parent
SEED = 1
TURNS = 10  # short: every file is replayed by every test run
BOT_MIX = ("security", "revisionist", "fearful", "reciprocator", "dove", "random", "basic", "security-hard")
REGENERATE = "python -m tests.golden --regenerate"


@dataclass
class Playthrough:
    scenario: str
    seed: int
    bots: list[str]
    start: str  # the hash of the starting state
    turns: list[tuple[dict[int, list[str]], str]] = field(default_factory=list)  # (orders by seat, hash after)

    def to_text(self) -> str:
        lines = [f"scenario {self.scenario}", f"seed {self.seed}", f"bots {','.join(self.bots)}",
                 f"start {self.start}"]
        for number, (orders, state_hash) in enumerate(self.turns, start=1):
            lines.append(f"turn {number}")
            lines += [f"  {seat} {order}" for seat, seat_orders in sorted(orders.items()) for order in seat_orders]
            lines.append(f"  hash {state_hash}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Playthrough:
        """Raises: ValueError: if ``text`` is not a playthrough."""
        head: dict[str, str] = {}
        turns: list[tuple[dict[int, list[str]], str]] = []
        orders: dict[int, list[str]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            word, _, rest = line.strip().partition(" ")
            if not word:
                continue
            if word == "turn":
                if int(rest) != len(turns) + 1:
                    raise ValueError(f"line {number}: turn {rest} out of order")
                orders = {}
            elif word == "hash":
                turns.append((orders, rest))
            elif word.isdigit():
                orders.setdefault(int(word), []).append(rest)
            elif word in ("scenario", "seed", "bots", "start") and not turns:
                head[word] = rest
            else:
                raise ValueError(f"line {number}: cannot read {line!r}")
        return cls(head["scenario"], int(head["seed"]), head["bots"].split(","), head["start"], turns)


def path_of(scenario: str) -> Path:
    return FOLDER / f"{scenario}.txt"


def record(scenario_name: str) -> Playthrough:
    """Play the golden match of a scenario with its bots, as ``spiral selfplay`` would."""
    scenario = load_scenario(scenario_name)
    bots = [BOT_MIX[seat % len(BOT_MIX)] for seat in range(scenario.players)]
    played = play_match(scenario, SEED, [make_bot(name) for name in bots], max_turns=TURNS)
    turns = [({seat: text.splitlines() for seat, text in turn.orders.items() if text}, turn.state_hash)
             for turn in played.turns]
    return Playthrough(scenario_name, SEED, bots, played.initial_hash, turns)


def replay_hashes(playthrough: Playthrough) -> tuple[str, list[str]]:
    """The starting hash and the hash after each turn, replaying the recorded orders through the rules.

    Raises:
        RulesError: if a recorded order no longer parses or is no longer legal.
    """
    state = new_game(load_scenario(playthrough.scenario), playthrough.seed)
    start = state.state_hash()
    hashes = []
    for orders, _ in playthrough.turns:
        state = resolve_checked(state, {seat: parse_orders("\n".join(lines)) for seat, lines in orders.items()}).state
        hashes.append(state.state_hash())
    return start, hashes


def all_scenarios() -> list[str]:
    return list(scenario_names())
