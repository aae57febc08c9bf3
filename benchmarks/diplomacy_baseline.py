"""Baseline: speed of the `diplomacy` PyPI engine (1.1.2) under random orders.

What is measured: games of standard Diplomacy (the default 7-power map) are
played with uniformly random orders, back to back, for about `seconds` of
wall time (time.perf_counter; ``diplomacy_rate`` can take the process's CPU
time instead).  Each phase is one loop iteration:

    1. game.get_all_possible_orders()            # legal orders per location
    2. for every power, for every orderable location, pick one of that
       location's possible orders uniformly at random; game.set_orders(...)
    3. game.process()                            # adjudicate; counts as 1 phase

All three steps are inside the timed region (order generation is a large
share of the cost: roughly 70% in our profiling), and so is creating a new
Game() whenever the previous one ends (someone reaches 18 centres).  Phases
the engine skips by itself (e.g. a retreat phase with no dislodged unit) are
not counted.  The result is phases per second; ``diplomacy_rate`` also gives
the mean number of units on the board over the phases played (22 at the start
of a game, 34 at most), for comparisons per unit.

Locations and orders are sorted before choosing, so a given seed plays the
same games regardless of PYTHONHASHSEED (the engine's order lists are built
from sets).

Optional dependency: `pip install "diplomacy==1.1.2"` (the `bench` extra).
"""
from __future__ import annotations

import random
import time
from typing import Callable


def diplomacy_phases_per_second(seconds: float = 5.0, seed: int = 0) -> float | None:
    """Return phases/s of the `diplomacy` engine under random orders.

    Returns None (and raises nothing) if the `diplomacy` package cannot be
    imported, so callers can report the baseline as skipped.
    """
    rate = diplomacy_rate(seconds, seed)
    return None if rate is None else rate[0]


def diplomacy_rate(seconds: float = 5.0, seed: int = 0,
                   clock: Callable[[], float] = time.perf_counter) -> tuple[float, float] | None:
    """Return (phases/s, mean units on the board per phase) of the `diplomacy` engine under random orders.

    Units are counted before each phase, outside the timed region. ``clock`` is wall time by
    default; ``time.process_time`` gives the CPU time of this process (fairer on a shared machine).
    Returns None if the `diplomacy` package cannot be imported.
    """
    run = DiplomacyRun.start(seed)
    if run is None:
        return None
    run.play_for(seconds, clock)
    return run.rate()


class DiplomacyRun:
    """Random-order games of the `diplomacy` engine played in slices, each slice carrying on where the
    last stopped (``benchmarks/engine.py`` interleaves them with Spiral's, so that both see the same load).

    ``phases``, ``units`` (summed over the phases) and ``elapsed`` (timed seconds) add up over slices.
    """

    def __init__(self, game_class: type, seed: int) -> None:
        self.game_class = game_class
        self.rng = random.Random(seed)
        self.game = game_class()
        self.phases = 0
        self.units = 0
        self.elapsed = 0.0

    @classmethod
    def start(cls, seed: int = 0) -> DiplomacyRun | None:
        """A run from a new game, or None if the `diplomacy` package cannot be imported."""
        try:
            from diplomacy import Game  # lazy: optional dependency
        except Exception:  # ImportError, or a broken install of its dependencies
            return None
        return cls(Game, seed)

    def play_for(self, seconds: float, clock: Callable[[], float] = time.perf_counter) -> None:
        """Play phases until ``seconds`` of ``clock`` have been timed in this slice (at least one phase)."""
        rng = self.rng
        counting = 0.0
        start = clock()
        played = 0
        while played == 0 or clock() - start - counting < seconds:
            game = self.game
            if game.is_game_done:  # someone won: start a fresh game
                game = self.game = self.game_class()
            count_start = clock()
            self.units += sum(len(power.units) for power in game.powers.values())
            counting += clock() - count_start
            possible = game.get_all_possible_orders()  # {location: [order, ...]}
            for power in sorted(game.powers):
                orders = [rng.choice(sorted(possible[loc]))
                          for loc in sorted(game.get_orderable_locations(power))
                          if possible[loc]]
                game.set_orders(power, orders)
            game.process()
            played += 1
        self.phases += played
        self.elapsed += clock() - start - counting

    def rate(self) -> tuple[float, float]:
        """(phases per timed second, mean units on the board per phase) so far."""
        return self.phases / self.elapsed, self.units / max(self.phases, 1)


if __name__ == "__main__":
    rate = diplomacy_phases_per_second(10.0)
    if rate is None:
        print('diplomacy baseline skipped: pip install "diplomacy==1.1.2"')
    else:
        print(f"diplomacy 1.1.2 engine, random orders: {rate:.1f} phases/s")
