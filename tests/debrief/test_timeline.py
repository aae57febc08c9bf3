"""The spiral timeline on constructed matches whose steps are known."""

from __future__ import annotations

from game.assets import load_scenario
from game.debrief.analysis import debrief
from game.debrief.log import BeliefNote, MatchLog

DUEL = load_scenario("duel")


def log_of(orders, beliefs=(), seed=3) -> MatchLog:
    return MatchLog("m1", "duel", seed, tuple((t, dict(o)) for t, o in enumerate(orders, 1)), ("ann", "ben"),
                    tuple(beliefs), (), False)


def test_a_defensive_build_read_as_a_threat_and_answered_with_arms_is_a_spiral_step():
    result = debrief(log_of([{0: "budget 60/30/10", 1: "budget 40/50/10"},
                             {0: "budget 60/30/10", 1: "budget 70/20/10"}],
                            [BeliefNote(1, 0, "defend", ()), BeliefNote(2, 1, "deter", ((0, 0.75, True),))]),
                     DUEL)
    ann, ben = result.players
    assert [(s.turn, s.kind) for s in result.timeline] == [(1, "armed"), (2, "spiral")]
    assert result.timeline[0].text == (f"turn 1: {ann} raised its military share from 40% to 60% (meaning to defend); "
                                       f"it was a {'security seeker' if result.aims[0] == 'security' else 'revisionist'}")
    aim = "a security seeker" if result.aims[0] == "security" else "a revisionist"
    assert result.timeline[1].text == (f"turn 2: {ben} raised its military share to 70% after seeing {ann}'s build-up "
                                       f"(to 60% on turn 1); {ben} read {ann} as 75% revisionist (recorded); "
                                       f"{ann} was {aim}")
    assert result.spiral_steps == 1
    rows = [(r.turn, r.seat, r.military_share, r.intent) for r in result.rows]
    assert rows == [(1, 0, 60, "defend"), (1, 1, 40, ""), (2, 0, 60, ""), (2, 1, 70, "deter")]


def test_no_spiral_when_the_rival_did_not_read_a_threat_or_the_build_was_meant_to_expand():
    calm = debrief(log_of([{0: "budget 60/30/10", 1: "budget 40/50/10"}, {0: "budget 60/30/10", 1: "budget 70/20/10"}],
                          [BeliefNote(1, 0, "defend", ()), BeliefNote(2, 1, "defend", ((0, 0.25, False),))]), DUEL)
    assert [s.kind for s in calm.timeline] == ["armed", "armed"]
    greedy = debrief(log_of([{0: "budget 60/30/10", 1: "budget 40/50/10"}, {0: "budget 60/30/10", 1: "budget 70/20/10"}],
                            [BeliefNote(1, 0, "expand", ()), BeliefNote(2, 1, "defend", ((0, 1.0, True),))]), DUEL)
    assert [s.kind for s in greedy.timeline] == ["armed", "armed"]


def test_reads_fall_back_to_the_intent_model_and_the_welfare_benchmark_is_all_cooperate():
    result = debrief(log_of([{0: "budget 40/50/10", 1: "budget 40/50/10"}]), DUEL)
    reads = [(r.turn, r.observer, r.rival, r.recorded, r.source) for r in result.reads]
    assert reads == [(1, 0, 1, None, "model"), (1, 1, 0, None, "model")]
    assert all(0.0 <= r.model <= 1.0 for r in result.reads)
    assert result.benchmark > 0 and result.timeline == ()


def test_the_timeline_module_uses_the_standard_library_only():
    """The window's end screen imports it: it must not pull in the replay, the bots or matplotlib."""
    import ast
    import sys
    from pathlib import Path

    import game.debrief.timeline as timeline

    tree = ast.parse(Path(timeline.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in imported), imported


def test_each_read_says_what_the_observer_saw_of_the_rival_that_turn():
    from game.rules import new_game, view_for

    import random

    from game.bots import make_bot
    from game.rules import format_orders, legal_orders, resolve
    from game.rules import check_orders as check

    scenario = load_scenario("doubly-dangerous")
    state, turns, bot = new_game(scenario, 11), [], make_bot("basic")
    for t in range(1, 7):  # neighbours' forces come into sight
        texts, orders = {}, {}
        for seat in range(scenario.players):
            view = view_for(state, seat)
            decided = bot.decide(view, legal_orders(view), random.Random(t * 10 + seat))
            texts[seat], orders[seat] = format_orders(decided), check(view, decided)
        turns.append((t, texts))
        state = resolve(state, orders).state
    log = MatchLog("m2", scenario.name, 11, tuple(turns), ("a", "b", "c", "d"), (), (), False)
    result = debrief(log, scenario)
    from game.debrief.analysis import replay

    states = replay(log, scenario)
    for read in result.reads:
        view = view_for(states[read.turn - 1], read.observer)
        seen = [s for s in view.sightings if s.owner == read.rival and s.seen_turn == view.turn]
        assert read.seen_units == len(seen)
        assert read.seen_strength == (sum(s.strength_low for s in seen), sum(s.strength_high for s in seen))
    assert any(read.seen_units for read in result.reads)
