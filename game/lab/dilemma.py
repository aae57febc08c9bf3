"""``spiral dilemma``: the empirical game each world makes of the two stances (RULES section 12.2).

Every seat is a security seeker (``aims="security"``; the scenario's public range of
revisionists is unchanged, so no seat knows it). For game ``g`` the focal seat is
``g mod players`` and the match seed is ``seed + g``; four matches are played with that
seed, one per cell:

* **R**: the focal seat restrains, every other seat restrains;
* **S**: the focal seat restrains, every other seat arms;
* **T**: the focal seat arms, every other seat restrains;
* **P**: the focal seat arms, every other seat arms.

A cell's payoff is the focal seat's mean final score over the games, with a 90%
percentile bootstrap interval (resampling games, from a generator seeded by the
arguments, so the same arguments always give the same output). The ordering of the
four payoffs names the game.

With ``revisionist`` set (``spiral dilemma --revisionist BOT``) the same four cells are played in
a world with a real aggressor, the other way to be wrong (RULES section 13.2): aims are drawn as
the scenario says, the seats drawn revisionist play that bot, and the focal seat of game ``g``
is the ``g mod n``-th of the ``n`` security seekers. The spiral model says restraint pays where
nobody means harm; the deterrence model says that against a real revisionist it is exploited.
"""

from __future__ import annotations

import dataclasses
import random
import sys
from dataclasses import dataclass
from typing import TextIO

from game.assets import load_ruleset
from game.lab.pool import play_all
from game.lab.runner import _scenario
from game.lab.stats import bootstrap, mean
from game.rules.scenario import Scenario

CELLS = ("R", "S", "T", "P")
STANCES = {"R": ("restrain", "restrain"), "S": ("restrain", "arm"), "T": ("arm", "restrain"), "P": ("arm", "arm")}
GAMES = ("prisoners-dilemma", "stag-hunt", "harmony", "chicken", "deadlock")


@dataclass(frozen=True, slots=True)
class Ablation:
    """What an experimenter changed in every scenario, to see what the change does to the game."""

    technology: str | None = None  # play with this era's numbers instead of the scenario's
    distinguishability: float | None = None  # and with this distinguishability

    def describe(self) -> str:
        changes = [f"technology {self.technology}"] if self.technology is not None else []
        if self.distinguishability is not None:
            changes.append(f"distinguishability {self.distinguishability:g}")
        return ", ".join(changes)


@dataclass(frozen=True, slots=True)
class DilemmaTask:
    scenario: str
    seed: int  # the match seed
    focal: int  # the focal seat
    cell: str  # R, S, T or P
    game: int  # the game's number, from 0
    ablation: Ablation = Ablation()
    revisionist: str | None = None  # the bot the scenario's revisionist seats play (None: every seat a security seeker)


def scenario_for(name: str, ablation: Ablation) -> Scenario:
    """The scenario, with the ablation's changes made (the scenario itself when there are none).

    Raises:
        AssetError: for an unknown scenario or technology era.
    """
    scenario = _scenario(name)
    if ablation.technology is not None:
        scenario = dataclasses.replace(scenario, ruleset=load_ruleset(technology=ablation.technology))
    if ablation.distinguishability is not None:
        scenario = dataclasses.replace(scenario, distinguishability=ablation.distinguishability)
    return scenario


@dataclass(frozen=True, slots=True)
class DilemmaResult:
    task: DilemmaTask
    score: int  # the focal seat's final score
    battles: int
    focal: int  # the seat it was (with a real revisionist: the security seeker the game follows)


def tasks_for(scenario: str, games: int, seed: int, ablation: Ablation = Ablation(),
              revisionist: str | None = None) -> list[DilemmaTask]:
    players = _scenario(scenario).players
    return [DilemmaTask(scenario, seed + g, g % players, cell, g, ablation, revisionist)
            for g in range(games) for cell in CELLS]


def play_task(task: DilemmaTask) -> DilemmaResult:
    from game.bots import make_bot
    from game.rules.scoring import scores
    from game.rules.setup import new_game
    from game.selfplay import play_match

    scenario = scenario_for(task.scenario, task.ablation)
    focal_stance, others = STANCES[task.cell]
    if task.revisionist is None:
        aims, focal = "security", task.focal
        names = [focal_stance if seat == focal else others for seat in range(scenario.players)]
    else:
        drawn = [p.aim for p in new_game(scenario, task.seed).players]
        seekers = [seat for seat, aim in enumerate(drawn) if aim == "security"]
        aims, focal = "scenario", seekers[task.game % len(seekers)]
        names = [task.revisionist if aim == "revisionist" else focal_stance if seat == focal else others
                 for seat, aim in enumerate(drawn)]
    record = play_match(scenario, task.seed, [make_bot(name) for name in names], aims=aims)
    assert record.final_state is not None
    return DilemmaResult(task, scores(record.final_state)[focal], record.battles, focal)


def name_the_game(payoffs: dict[str, float]) -> str:
    """The 2x2 game the four payoffs make (strict orderings; ``none`` if no named game fits)."""
    r, s, t, p = (payoffs[c] for c in CELLS)
    if t > r > p > s:
        return "prisoners-dilemma"
    if t > r and p > r:
        return "deadlock"
    if t > r and s > p:
        return "chicken"
    if r > t and p > s:
        return "stag-hunt"
    if r > t and s > p:
        return "harmony"
    return "none"


def bootstrap_interval(values: list[int], rng: random.Random, level: float = 0.9) -> tuple[float, float]:
    """The percentile bootstrap interval of the mean of ``values``."""
    return bootstrap(values, mean, rng, level)


def summarise(scenario: str, games: int, seed: int, results: list[DilemmaResult]) -> dict:
    by_cell = {c: [r.score for r in sorted(results, key=lambda r: r.task.game) if r.task.cell == c] for c in CELLS}
    payoffs = {c: round(sum(v) / len(v), 2) for c, v in by_cell.items()}
    rng = random.Random(f"spiral-dilemma:{scenario}:{games}:{seed}")
    intervals = {c: [round(x, 2) for x in bootstrap_interval(by_cell[c], rng)] for c in CELLS}
    return {"scenario": scenario, "games": games, "seed": seed, "payoffs": payoffs, "ci90": intervals,
            "game": name_the_game(payoffs)}


def run_dilemma(scenarios: list[str], games: int, seed: int, jobs: int,
                progress: TextIO | None = sys.stderr, ablation: Ablation = Ablation(),
                revisionist: str | None = None) -> list[dict]:
    """Play every cell of every game of every scenario; one summary per scenario, in the order given.

    Raises:
        AssetError: for an unknown scenario or era (before any match is played).
        ValueError: for a distinguishability outside 0..1, an unknown revisionist bot, or a scenario
            whose every seat may be drawn revisionist (there would be no security seeker to follow).
    """
    if ablation.distinguishability is not None and not 0 <= ablation.distinguishability <= 1:
        raise ValueError(f"--distinguishability must be from 0 to 1, got {ablation.distinguishability:g}")
    if revisionist is not None:
        from game.bots.base import bot_names
        if revisionist not in bot_names():
            raise ValueError(f"unknown bot {revisionist!r} for --revisionist (one of {', '.join(bot_names())})")
    for name in scenarios:
        checked = scenario_for(name, ablation)
        if revisionist is not None and checked.revisionists[1] >= checked.players:
            raise ValueError(f"scenario {name!r} may draw every seat revisionist: no security seeker to follow")
    tasks = [t for name in scenarios for t in tasks_for(name, games, seed, ablation, revisionist)]
    results = play_all(play_task, tasks, jobs, progress, chunksize=2)
    rows = [summarise(name, games, seed, [r for r in results if r.task.scenario == name]) for name in scenarios]
    for row in rows:
        if ablation.describe():
            row["ablation"] = ablation.describe()
        if revisionist is not None:
            row["revisionist"] = revisionist
    return rows


def format_table(rows: list[dict]) -> str:
    """The payoffs with their intervals and the game, a row per scenario."""
    lines = [f"{'scenario':22} {'R (restrain|restrain)':>22} {'S (restrain|arm)':>22} "
             f"{'T (arm|restrain)':>22} {'P (arm|arm)':>22}  game"]
    for row in rows:
        cells = [f"{row['payoffs'][c]:.1f} [{row['ci90'][c][0]:.1f}, {row['ci90'][c][1]:.1f}]" for c in CELLS]
        lines.append(f"{row['scenario']:22} " + " ".join(f"{c:>22}" for c in cells) + f"  {row['game']}")
    return "\n".join(lines)
