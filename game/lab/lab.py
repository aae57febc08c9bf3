"""The lab: many seeded bot matches in parallel processes, written out as CSV files and charts.

Matches are given out to worker processes and may finish in any order, but the
results are sorted by (scenario, seed) before anything is written: the same
arguments always give the same files, whatever ``jobs`` is.

Definitions of the summary (one row per scenario):

* ``mean_military_share``: mean budget share for the military over all player-turns;
* ``war_rate``: share of player-turns in which the player had a unit in a battle;
* ``first_war_turn_mean``: mean turn of the first battle, over matches that had one;
* ``welfare``: total score of all players, summed over the matches, divided by the
  same total when every seat is played by the ``cooperate`` bot (nobody arms or
  fights: every income goes to development) with the same seeds — 1.0 means the
  dilemma cost nothing, below 1 is its price;
* ``misperception_rate``: share of (observer, security seeker) pairs, observers
  still in at the end, in which the observer's final P(revisionist) is above 0.5;
* ``war_match_share``: share of matches with at least one battle (with ``--aims security``,
  a battle nobody's aim wanted: a war of the dilemma).

``*_ci90`` columns give 90% percentile bootstrap intervals ("low-high") of the column
before them, resampling whole matches (each with its benchmark, for welfare), from a
generator seeded by the scenario, the number of matches and the first seed.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, TextIO

from game.lab.runner import COOPERATE, MAX_SEATS, MatchResult, Task, bots_for, run_task, _scenario
from game.lab.pool import play_all
from game.lab.stats import bootstrap

SUMMARY_FIELDS = (
    "scenario", "matches", "mean_military_share", "mean_military_share_ci90", "war_rate", "war_rate_ci90",
    "first_war_turn_mean", "matches_with_war", "war_match_share", "war_match_share_ci90",
    "mean_final_development", "welfare", "welfare_ci90", "misperception_rate",
)
TURN_FIELDS = ("scenario", "seed", "turn", "player", "bot", "aim", "military_share", "development", "in_battle",
               "intent") + tuple(f"p_revisionist_{i}" for i in range(MAX_SEATS))


@dataclass(frozen=True, slots=True)
class LabSettings:
    scenarios: tuple[str, ...]
    games: int
    jobs: int
    bots: tuple[str, ...]
    seed: int
    out: Path
    aims: str = "scenario"


def run_lab(settings: LabSettings, progress: TextIO | None = sys.stderr) -> list[dict]:
    """Play every match, write DIR/turns.csv, DIR/summary.csv and the charts; return the summary rows.

    Raises:
        ValueError: for an unknown scenario or bot (before any match is played).
    """
    from game.bots import make_bot

    for name in settings.bots:
        make_bot(name)
    tasks = []
    for name in settings.scenarios:
        scenario = _scenario(name)
        for seed in range(settings.seed, settings.seed + settings.games):
            tasks.append(Task(name, seed, bots_for(list(settings.bots), seed, scenario.players), aims=settings.aims))
            tasks.append(Task(name, seed, (COOPERATE,) * scenario.players, is_benchmark=True, aims=settings.aims))
    results = play_all(run_task, tasks, settings.jobs, progress)
    results.sort(key=lambda r: (settings.scenarios.index(r.task.scenario), r.task.seed, r.task.is_benchmark))
    settings.out.mkdir(parents=True, exist_ok=True)
    _write_turns(settings.out / "turns.csv", [r for r in results if not r.task.is_benchmark])
    summary = [_summarise(name, [r for r in results if r.task.scenario == name]) for name in settings.scenarios]
    with open(settings.out / "summary.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(summary)
    from game.lab.charts import write_charts

    write_charts(settings.out, [r for r in results if not r.task.is_benchmark], settings.scenarios)
    return summary


def _write_turns(path: Path, results: list[MatchResult]) -> None:
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=TURN_FIELDS, lineterminator="\n")
        writer.writeheader()
        for result in results:
            writer.writerows(result.rows)


def _summarise(name: str, results: list[MatchResult]) -> dict:
    played = [r for r in results if not r.task.is_benchmark]
    benchmark = [r for r in results if r.task.is_benchmark]
    rows = [row for r in played for row in r.rows]
    shares = [float(row["military_share"]) for row in rows]
    battles = [row["in_battle"] for row in rows]
    first = [r.first_battle_turn for r in played if r.first_battle_turn is not None]
    developments = [d for r in played for d in r.final_development]
    cooperate_total = sum(r.total_score for r in benchmark)
    pairs = [p for r in played for (observer, rival), p in r.final_beliefs.items() if r.aims[rival] == "security"]
    intervals = _intervals(name, played, benchmark)
    return {
        "scenario": name,
        "matches": len(played),
        "mean_military_share": f"{sum(shares) / len(shares):.3f}" if shares else "",
        "mean_military_share_ci90": intervals["military"],
        "war_rate": f"{sum(battles) / len(battles):.3f}" if battles else "",
        "war_rate_ci90": intervals["war"],
        "first_war_turn_mean": f"{sum(first) / len(first):.1f}" if first else "",
        "matches_with_war": len(first),
        "war_match_share": f"{len(first) / len(played):.3f}" if played else "",
        "war_match_share_ci90": intervals["wars"],
        "welfare_ci90": intervals["welfare"],
        "mean_final_development": f"{sum(developments) / len(developments):.1f}" if developments else "",
        "welfare": f"{sum(r.total_score for r in played) / cooperate_total:.3f}" if cooperate_total else "",
        "misperception_rate": f"{sum(1 for p in pairs if p > 0.5) / len(pairs):.3f}" if pairs else "",
    }


def _intervals(name: str, played: list[MatchResult], benchmark: list[MatchResult]) -> dict[str, str]:
    """90% bootstrap intervals over matches of the summary's main columns ("" with no matches)."""
    if not played:
        return {"military": "", "war": "", "wars": "", "welfare": ""}
    cooperate = {r.task.seed: r.total_score for r in benchmark}
    # One tuple a match: (military shares summed, battle player-turns, player-turns, war?, score, benchmark).
    matches = [(sum(float(row["military_share"]) for row in r.rows), sum(row["in_battle"] for row in r.rows),
                len(r.rows), r.first_battle_turn is not None, r.total_score, cooperate.get(r.task.seed, 0))
               for r in played]
    rng = random.Random(f"spiral-lab:{name}:{len(played)}:{min(r.task.seed for r in played)}")

    def ratio(top: int, bottom: int) -> Callable[[Sequence[tuple]], float]:
        return lambda sample: sum(m[top] for m in sample) / max(1e-9, sum(m[bottom] for m in sample))

    def span(interval: tuple[float, float]) -> str:
        return f"{interval[0]:.3f}-{interval[1]:.3f}"

    return {
        "military": span(bootstrap(matches, ratio(0, 2), rng)),
        "war": span(bootstrap(matches, ratio(1, 2), rng)),
        "wars": span(bootstrap(matches, lambda sample: sum(m[3] for m in sample) / len(sample), rng)),
        "welfare": span(bootstrap(matches, ratio(4, 5), rng)) if any(m[5] for m in matches) else "",
    }


def format_table(summary: list[dict]) -> str:
    headers = ("scenario", "matches", "military", "90% interval", "war rate", "90% interval", "first war", "wars",
               "war matches", "90% interval", "development", "welfare", "90% interval", "misperceived")
    keys = ("scenario", "matches", "mean_military_share", "mean_military_share_ci90", "war_rate", "war_rate_ci90",
            "first_war_turn_mean", "matches_with_war", "war_match_share", "war_match_share_ci90",
            "mean_final_development", "welfare", "welfare_ci90", "misperception_rate")
    widths = [max(len(h), *(len(str(row[k])) for row in summary)) for h, k in zip(headers, keys)]
    lines = ["  ".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(headers, widths)))]
    for row in summary:
        lines.append("  ".join(str(row[k]).rjust(w) if i else str(row[k]).ljust(w)
                               for i, (k, w) in enumerate(zip(keys, widths))))
    return "\n".join(lines)
