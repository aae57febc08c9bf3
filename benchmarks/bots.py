"""Bot strength and speed.

    python benchmarks/bots.py [--games N] [--scenario duel] [--seed S] [--planner planner]

Strength: seeded duels of the planner against each personality and random; the
planner sits in seat 0 for even seeds and seat 1 for odd ones. Two rates:

* raw: the planner's final score is above its opponent's. Scores follow each
  seat's secret aim, and in the Duel a revisionist seat scores far less than a
  security seeker unless it takes cities, so this rate mostly measures the aims
  the seed dealt;
* duplicate (as in duplicate bridge): the planner's score is above what the
  opponent's personality scored in the same seat with the same seed (the mirror
  match, that personality in both seats). This cancels the deal.

The targets (>= 60% against each personality, >= 95% against random) are checked
on both rates.

Speed: mean and slowest ``decide`` per bot on the standard four-player map
(doubly-dangerous), every bot in a match with three personality bots, against the
budgets (the planner's mean <= 0.5 s a turn, a personality's <= 20 ms).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.assets import load_scenario  # noqa: E402
from game.bots import make_bot  # noqa: E402
from game.rules.scoring import scores  # noqa: E402
from game.selfplay import play_match  # noqa: E402

OPPONENTS = ("security", "revisionist", "fearful", "reciprocator", "dove", "random")
TARGETS = {"random": 0.95}
DEFAULT_TARGET = 0.60
PLANNER_BUDGET = 0.5  # seconds a turn, mean
PERSONALITY_BUDGET = 0.020
PERSONALITIES = ("security", "revisionist", "fearful", "reciprocator", "dove")


def _final_scores(scenario, seed: int, names: list[str]) -> dict[int, int]:  # type: ignore[no-untyped-def]
    record = play_match(scenario, seed, [make_bot(n) for n in names])
    assert record.final_state is not None
    return scores(record.final_state)


def duels(planner: str, opponent: str, scenario_name: str, seeds: range) -> dict[str, int]:
    """Raw: the planner's score above its opponent's. Duplicate: above what the opponent's
    personality scored in the planner's seat of the same seed (the mirror match), which
    cancels the luck of the aims the seed dealt."""
    scenario = load_scenario(scenario_name)
    tally = {"raw": 0, "raw_ties": 0, "duplicate": 0, "duplicate_ties": 0, "games": 0}
    for seed in seeds:
        seat = seed % 2
        names = [opponent, opponent]
        mirror = _final_scores(scenario, seed, names)
        names[seat] = planner
        final = _final_scores(scenario, seed, names)
        tally["raw"] += final[seat] > final[1 - seat]
        tally["raw_ties"] += final[seat] == final[1 - seat]
        tally["duplicate"] += final[seat] > mirror[seat]
        tally["duplicate_ties"] += final[seat] == mirror[seat]
        tally["games"] += 1
    return tally


class _Timed:
    def __init__(self, bot) -> None:  # type: ignore[no-untyped-def]
        self.bot = bot
        self.name = bot.name
        self.times: list[float] = []

    def decide(self, view, legal, rng):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        orders = self.bot.decide(view, legal, rng)
        self.times.append(time.perf_counter() - started)
        return orders


def speed(name: str, seeds: range) -> tuple[float, float]:
    scenario = load_scenario("doubly-dangerous")
    times: list[float] = []
    for seed in seeds:
        timed = _Timed(make_bot(name))
        others = [make_bot("security"), make_bot("revisionist"), make_bot("fearful")]
        play_match(scenario, seed, [timed, *others])  # type: ignore[list-item]
        times += timed.times
    return sum(times) / len(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=40, help="duels against each opponent")
    parser.add_argument("--scenario", default="duel")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--planner", default="planner")
    parser.add_argument("--speed-games", type=int, default=2)
    args = parser.parse_args()
    seeds = range(args.seed, args.seed + args.games)
    print(f"{args.planner} against each bot: {args.games} duels on {args.scenario}, "
          f"seeds {seeds.start}..{seeds.stop - 1}; the target applies to both rates")
    print(f"  {'':14} {'raw: above the opponent':>24}   {'duplicate: above the mirror':>28}")
    print(f"  {'opponent':14} {'wins':>5} {'ties':>5} {'rate':>6} {'':>5}   "
          f"{'wins':>5} {'ties':>5} {'rate':>6} {'target':>7}")
    all_met = True
    for opponent in OPPONENTS:
        t = duels(args.planner, opponent, args.scenario, seeds)
        target = TARGETS.get(opponent, DEFAULT_TARGET)
        raw, duplicate = t["raw"] / t["games"], t["duplicate"] / t["games"]
        met = duplicate >= target and raw >= target
        all_met &= met
        print(f"  {opponent:14} {t['raw']:>5} {t['raw_ties']:>5} {raw:>6.0%} {'':>5}   {t['duplicate']:>5} "
              f"{t['duplicate_ties']:>5} {duplicate:>6.0%} {target:>6.0%} {'met' if met else 'NOT met'}")
    print("\ndecide() time on doubly-dangerous (4 players)")
    speed_seeds = range(args.seed, args.seed + args.speed_games)
    for name in (args.planner, "planner-fast", *OPPONENTS):
        mean, slowest = speed(name, speed_seeds)
        budget = PLANNER_BUDGET if name == args.planner else PERSONALITY_BUDGET if name in PERSONALITIES else None
        verdict = "" if budget is None else f"   budget {budget * 1000:.0f} ms: {'met' if mean <= budget else 'NOT met'}"
        all_met &= budget is None or mean <= budget
        print(f"  {name:14} mean {mean * 1000:7.1f} ms   slowest {slowest * 1000:7.1f} ms{verdict}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
