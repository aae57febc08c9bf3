"""Engine speed: resolve, views, and headless self-play (issue: the rules engine).

Run:  python benchmarks/engine.py [--quick] [--whole-matches]

Prints, for a duel, the 4-player standard map (Heartland, populated to about 200
units) and the 8-player large map (Continent, populated to over 1,000 units):

* the median time of one ``resolve`` with every unit ordered (random legal orders),
* the median time of all players' views (``view_for`` + ``to_mapping``, what the wire sends),
* headless turns per second with random bots (bots, legality checks and resolution),
* the view time at turn 1 against turn 100 (it must not grow with history);

random self-play on a 4-player map with about 40 units, and whole matches of
random self-play (``play_match`` as the lab plays them, state hashes included,
no restarts: forces grow to 80-130 units), from a cold start and warm, against
the ``diplomacy`` package's engine under random orders, measured in the same run
(install it with ``pip install -e ".[bench]"``; skipped if absent). The
whole-match figures are compared per unit: phases per second times the mean
number of units on the board, over the same for the diplomacy engine. The last
line is the one to go by on a shared machine: warm whole matches interleaved
with the diplomacy engine's games in slices of equal CPU time, so that both
engines run under the same load (``--whole-matches`` prints only that part).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.assets import load_scenario  # noqa: E402
from game.bots.random_bot import RandomBot  # noqa: E402
from game.rules.legal import legal_orders  # noqa: E402
from game.rules.observation import observe  # noqa: E402
from game.rules.resolve import resolve  # noqa: E402
from game.rules.scenario import Scenario  # noqa: E402
from game.rules.setup import new_game  # noqa: E402
from game.rules.state import GameState, Unit  # noqa: E402
from game.rules.validation import check_orders  # noqa: E402
from game.rules.views import view_for  # noqa: E402

from diplomacy_baseline import DiplomacyRun  # noqa: E402  (benchmarks/, beside this script)

KINDS = ("infantry", "infantry", "armor", "artillery", "recon")


def populate(state: GameState, total: int) -> GameState:
    """Add units round-robin near each player's cities until there are ``total``."""
    board = state.scenario.board
    units = dict(state.units)
    taken = {u.at for u in units.values()}
    players = list(state.players)
    spots = {}
    for p in state.players:
        cities = state.cities_of(p.id)
        ring = []
        for radius in range(0, 12):
            for city in cities:
                for h in board.within(city, radius):
                    if h not in ring and board.is_passable(h) and set(board.nearest_cities.get(h, ())) & set(cities):
                        ring.append(h)
        spots[p.id] = [h for h in ring if h not in taken]
    serial = {p.id: p.next_serial for p in players}
    index = 0
    while len(units) < total:
        progressed = False
        for p in state.players:
            if len(units) >= total:
                break
            while spots[p.id] and spots[p.id][0] in taken:
                spots[p.id].pop(0)
            if not spots[p.id]:
                continue
            h = spots[p.id].pop(0)
            uid = f"{p.letter}{serial[p.id]}"
            serial[p.id] += 1
            units[uid] = Unit(uid, p.id, KINDS[index % len(KINDS)], h, state.scenario.ruleset.combat.strength_max)
            taken.add(h)
            index += 1
            progressed = True
        if not progressed:
            break
    players = [replace(p, next_serial=serial[p.id]) for p in players]
    return observe(replace(state, units=units, players=tuple(players)))


def bot_orders(state: GameState, bot, rng: random.Random) -> dict:  # type: ignore[no-untyped-def]
    """Every living seat's orders from ``bot``, made from its view and checked as a remote player's are."""
    orders = {}
    for p in state.players:
        if not p.eliminated:
            view = view_for(state, p.id)
            orders[p.id] = check_orders(view, bot.decide(view, legal_orders(view), rng))
    return orders


def random_orders(state: GameState, seed: int) -> dict:
    return bot_orders(state, RandomBot(), random.Random(seed))


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def all_views(state: GameState) -> None:
    for p in state.players:
        view_for(state, p.id).to_mapping()


def self_play_rate(state: GameState, seconds: float, seed: int, restart_every: int = 10,
                   clock: Callable[[], float] = time.perf_counter) -> tuple[float, float]:
    """Turns per second of random bots playing on from ``state``, and the mean number of units.

    Random bots build whenever they can, so forces grow; the match restarts from
    ``state`` every ``restart_every`` turns to keep the unit count near the start's.
    """
    bots = RandomBot()
    rng = random.Random(seed)
    turns = 0
    units = 0
    current = state
    start = clock()
    while clock() - start < seconds:
        if current.is_over or turns % restart_every == 0:
            current = state
        units += len(current.units)
        current = resolve(current, bot_orders(current, bots, rng)).state
        turns += 1
    return turns / (clock() - start), units / max(turns, 1)


def whole_match_units(scenario: Scenario, seed: int, bots: list[RandomBot]) -> list[int]:
    """Play one whole match (``play_match``, state hashes included); the units on the board during each turn."""
    from game.selfplay import play_match

    counts = [len(new_game(scenario, seed).units)]  # the start's (a second, cheap new_game)
    record = play_match(scenario, seed, bots, on_turn=lambda state, _turn: counts.append(len(state.units)))
    assert record.final_state is not None
    counts.pop()  # the units after the last turn are on the board during no turn
    return counts


def whole_match_rate(scenario: Scenario, seconds: float, first_seed: int = 1,
                     clock: Callable[[], float] = time.perf_counter) -> tuple[float, float, int, int]:
    """Whole matches of random bots, seeds ``first_seed``, ``first_seed + 1``, ... until ``seconds``
    have passed (at least one match).

    Returns (turns per second, mean units on the board over the turns, most units seen, matches).
    """
    bots = [RandomBot() for _ in range(scenario.players)]
    counts: list[int] = []
    matches = 0
    start = clock()
    while matches == 0 or clock() - start < seconds:
        counts += whole_match_units(scenario, first_seed + matches, bots)
        matches += 1
    elapsed = clock() - start
    return len(counts) / elapsed, statistics.mean(counts), max(counts), matches


def interleaved_whole_matches(scenario: Scenario, seconds: float, run: DiplomacyRun,
                              first_seed: int = 1000) -> dict[str, float]:
    """Whole matches of random self-play and the diplomacy engine's random games in alternating slices.

    Each slice is one Spiral match, then as much CPU time of diplomacy phases as that match took,
    until the two have used ``seconds`` of CPU between them. Load on a shared machine drifts over
    minutes; slices a fraction of a second long see the same load, so the ratio of the two rates
    holds still even where each rate on its own swings. Returns each engine's phases per CPU second
    and per wall second and its mean units on the board, and the per-unit ratios.
    """
    bots = [RandomBot() for _ in range(scenario.players)]
    counts: list[int] = []
    cpu = wall = their_wall = 0.0
    their_start = (run.phases, run.units, run.elapsed)
    matches = 0
    while matches == 0 or cpu + run.elapsed - their_start[2] < seconds:
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        counts += whole_match_units(scenario, first_seed + matches, bots)
        match_cpu = time.process_time() - cpu_start
        cpu += match_cpu
        wall += time.perf_counter() - wall_start
        matches += 1
        wall_start = time.perf_counter()
        run.play_for(match_cpu, clock=time.process_time)
        their_wall += time.perf_counter() - wall_start
    their_phases = run.phases - their_start[0]
    their_units = (run.units - their_start[1]) / their_phases
    their_cpu = run.elapsed - their_start[2]
    units = statistics.mean(counts)
    found = {
        "matches": matches, "phases": len(counts), "units": units, "most_units": max(counts),
        "cpu_rate": len(counts) / cpu, "wall_rate": len(counts) / wall,
        "their_phases": their_phases, "their_units": their_units,
        "their_cpu_rate": their_phases / their_cpu, "their_wall_rate": their_phases / their_wall,
    }
    found["per_unit_cpu"] = found["cpu_rate"] * units / (found["their_cpu_rate"] * their_units)
    found["per_unit_wall"] = found["wall_rate"] * units / (found["their_wall_rate"] * their_units)
    return found


def print_whole_matches(seconds: float, baseline: tuple[float, float] | None, run: DiplomacyRun | None) -> None:
    """Whole matches on a board whose caches start empty, then on the same board once warm, then warm
    again in slices interleaved with the diplomacy engine's (``run``: the figure to go by on a busy machine).

    A board caches what never changes in a match (disks, reach, paths, border distances), so a
    fresh process pays for building them in its first matches; the lab's and ``spiral dilemma``'s
    workers play hundreds of matches each, almost all of them warm.
    """
    scenario = replace(load_scenario("doubly-dangerous"))  # a new board, its caches empty
    for label, (rate, units, most, matches) in (
        ("from a cold start", whole_match_rate(scenario, seconds, clock=time.process_time)),
        ("warm", whole_match_rate(scenario, seconds, first_seed=1000, clock=time.process_time)),
    ):
        line = (f"random self-play, whole matches, 4 players, {label} ({matches} matches of doubly-dangerous, "
                f"state hashes included): {rate:.1f} phases per CPU second, {units:.0f} units on average (at most {most})")
        if baseline is not None:
            phases, their_units = baseline
            line += f" -> {rate * units / (phases * their_units):.1f}x the diplomacy engine per unit"
        print(line)
    if run is None:
        return
    found = interleaved_whole_matches(scenario, seconds * 2, run, first_seed=1000)
    print(f"interleaved, warm ({found['matches']} matches of doubly-dangerous, each followed by as much CPU time of "
          f"the diplomacy engine): Spiral {found['cpu_rate']:.1f} phases per CPU second ({found['wall_rate']:.1f} per "
          f"wall second) at {found['units']:.0f} units on average (at most {found['most_units']}), diplomacy "
          f"{found['their_cpu_rate']:.1f} ({found['their_wall_rate']:.1f}) at {found['their_units']:.0f} units "
          f"-> {found['per_unit_cpu']:.2f}x the diplomacy engine per unit in CPU time, "
          f"{found['per_unit_wall']:.2f}x in wall time")


def long_scenario(name: str, turns: int) -> Scenario:
    return replace(load_scenario(name), turns=turns)


def measure_map(label: str, scenario: Scenario, units: int, repeats: int, seconds: float) -> None:
    state = populate(new_game(scenario, 1), units)
    orders = random_orders(state, 1)
    resolve(state, orders)  # warm the board's path caches, as a running match has them
    resolve_ms = median_ms(lambda: resolve(state, orders), repeats)
    after = resolve(state, orders).state
    views_ms = median_ms(lambda: all_views(after), repeats)
    rate, mean_units = self_play_rate(state, seconds, 2)
    print(f"{label:10} {len(scenario.map.tiles):>6} {len(state.units):>6} {resolve_ms:>10.2f} {views_ms:>9.2f} "
          f"{resolve_ms + views_ms:>10.2f} {rate:>10.1f}   (mean units in self-play: {mean_units:.0f})")


def view_growth(scenario_name: str, checkpoints: tuple[int, ...]) -> list[tuple[int, float, int, int]]:
    """All players' views at several turns of one long match between basic bots.

    The state holds no history (only the last turn's events and each player's
    fading ghosts), so the time should follow what is on the map, not the turn.
    Returns (turn, ms, units, sightings and ghosts in all views) per checkpoint.
    """
    from game.bots.basic import BasicBot

    scenario = long_scenario(scenario_name, max(checkpoints) + 10)
    state = new_game(scenario, 3)
    bot = BasicBot()
    rng = random.Random(3)
    rows = []
    while state.turn <= max(checkpoints) and not state.is_over:
        if state.turn in checkpoints:
            seen = sum(len(view_for(state, p.id).sightings) + len(view_for(state, p.id).ghosts) for p in state.players)
            rows.append((state.turn, median_ms(lambda current=state: all_views(current), 30), len(state.units), seen))
        state = resolve(state, bot_orders(state, bot, rng)).state
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (for a smoke run)")
    parser.add_argument("--whole-matches", action="store_true",
                        help="only the comparison of whole matches with the diplomacy engine")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    seconds = 1.0 if args.quick else 5.0
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
    if not args.whole_matches:
        print(f"{'map':10} {'hexes':>6} {'units':>6} {'resolve ms':>10} {'views ms':>9} {'sum ms':>10} {'turns/s':>10}")
        measure_map("duel", long_scenario("duel", 1000), 24, repeats, seconds)
        measure_map("standard", long_scenario("doubly-dangerous", 1000), 200, repeats, seconds)
        measure_map("large", long_scenario("world", 1000), 1000, max(3, repeats // 3), seconds)
        for turn, ms, units, seen in view_growth("doubly-safe", (1, 10, 50, 100)):
            print(f"all views, standard map, basic bots, turn {turn:>3}: {ms:.2f} ms "
                  f"({units} units, {seen} sightings and ghosts)")

    # Against the diplomacy engine, rates are phases per second of this process's CPU time: on a
    # shared machine wall time also counts the time others' processes hold the cores.
    run = DiplomacyRun.start()
    baseline = None
    if run is None:
        print('diplomacy baseline skipped: pip install -e ".[bench]" to measure it')
    else:
        run.play_for(seconds * 2, clock=time.process_time)
        baseline = run.rate()
    if not args.whole_matches:
        # About 40 units, as on a Diplomacy board: restart from 32 every 4 turns (random bots build).
        self_play_state = populate(new_game(long_scenario("doubly-dangerous", 1000), 5), 32)
        rate, mean_units = self_play_rate(self_play_state, seconds * 2, 5, restart_every=4, clock=time.process_time)
        print(f"random self-play, 4 players, {mean_units:.0f} units on average: {rate:.1f} phases per CPU second")
    if baseline is not None:
        phases, units = baseline
        line = f"diplomacy engine, random orders: {phases:.1f} phases per CPU second, {units:.0f} units on average"
        if not args.whole_matches:
            line += f" -> Spiral is {rate / phases:.1f}x its phases/s at about 40 units"
        print(line)
    # Per unit: phases per second times the mean number of units on the board, Spiral's over the diplomacy engine's.
    print_whole_matches(seconds * 2, baseline, run)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
