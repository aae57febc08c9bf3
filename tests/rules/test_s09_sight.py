"""Rules section 9: sight, signatures and intelligence (docs/RULES.md)."""

from dataclasses import replace

from game.rules.observation import observe
from game.rules.views import view_for
from tests.rules.builders import make_scenario, start, turn

A, B = 0, 1
WIDE = "\n".join(("" if r % 2 == 0 else " ") + " ".join("." for _ in range(14)) for r in range(3))
FOREST = """
. . . . . . . . . . . . . .
 . . . . . f . . . . . . . .
. . . . . . . . . . . . . .
"""


def wide(grid=WIDE, **knobs):
    return make_scenario(grid, cities=[("0,1", 0), ("13,1", 1)], **knobs)


def test_9_1_units_beyond_sight_are_not_seen():
    state = start(wide(), [("a1", "infantry", (1, 1)), ("b1", "infantry", (8, 1))])
    assert not view_for(state, A).sightings
    close = start(wide(), [("a1", "infantry", (1, 1)), ("b1", "infantry", (3, 1))])
    [seen] = view_for(close, A).sightings
    assert seen.at == (3, 1) and seen.owner == B


def test_9_2_forests_hide_units_except_from_close_by():
    far = start(wide(FOREST), [("a1", "infantry", (3, 1)), ("b1", "infantry", (5, 1))])
    assert (5, 1) in view_for(far, A).visible and not view_for(far, A).sightings
    near = start(wide(FOREST), [("a1", "infantry", (4, 1)), ("b1", "infantry", (5, 1))])
    assert len(view_for(near, A).sightings) == 1


def test_9_3_signatures_are_more_reliable_when_forces_are_distinguishable():
    def reliability(d):
        state = start(wide(distinguishability=d), [("a1", "recon", (1, 1)), ("b1", "armor", (3, 1))])
        return view_for(state, A).sightings[0].reliability

    assert reliability(0.9) > reliability(0.1)


def test_9_4_where_forces_look_alike_even_a_fortification_is_misread():
    shown, reliabilities = set(), set()
    for seed in range(40):
        state = start(wide(distinguishability=0.0), [("a1", "recon", (1, 1)), ("b1", "fortification", (4, 1))],
                      seed=seed)
        [seen] = view_for(state, A).sightings
        shown.add(seen.looks)
        reliabilities.add(seen.reliability)
    assert shown == {"fortification", "artillery", "infantry"}
    assert max(reliabilities) < 1


def test_9_4_artillery_can_pass_for_a_fortification():
    shown = set()
    for seed in range(60):
        state = start(wide(distinguishability=0.0), [("a1", "recon", (1, 1)), ("b1", "artillery", (4, 1))],
                      seed=seed)
        shown.add(view_for(state, A).sightings[0].looks)
    assert "fortification" in shown


def test_9_4_a_posture_is_read_reliably_only_where_forces_can_be_told_apart():
    def misread(distinguishability: float) -> int:
        wrong = 0
        for seed in range(60):
            state = start(wide(distinguishability=distinguishability),
                          [("a1", "recon", (1, 1)), ("b1", "infantry", (3, 1))], seed=seed,
                          b1={"entrenched": True})
            wrong += not view_for(state, A).sightings[0].entrenched
        return wrong

    assert misread(1.0) <= 5  # reliability at its ceiling (0.95), close by: the posture shows
    assert misread(0.0) > 15  # a guess most of the time


def test_9_5_misidentification_follows_looks_like_and_ranges_hold_the_truth():
    kinds = set()
    for seed in range(40):
        state = start(wide(distinguishability=0.0), [("a1", "recon", (1, 1)), ("b1", "armor", (4, 1))], seed=seed,
                      b1={"strength": 6})
        [seen] = view_for(state, A).sightings
        kinds.add(seen.looks)
        assert seen.strength_low <= 6 <= seen.strength_high
    assert kinds <= {"armor", "infantry", "artillery"} and len(kinds) > 1


def test_9_6_a_signature_is_drawn_once_per_observer_unit_and_turn():
    state = start(wide(distinguishability=0.0), [("a1", "recon", (1, 1)), ("b1", "armor", (4, 1))], seed=5)
    again = observe(state)
    assert view_for(state, A).sightings == view_for(again, A).sightings


def test_9_7_ghosts_remember_what_was_seen_and_fade():
    state = start(wide(), [("a1", "recon", (2, 1)), ("b1", "infantry", (5, 1))])
    assert view_for(state, A).sightings
    gone = turn(state, {A: "move a1 to 0,0"}).state  # the recon pulls back out of sight
    view = view_for(gone, A)
    assert not view.sightings and [g.at for g in view.ghosts] == [(5, 1)]
    lifetime = state.scenario.ruleset.signatures.ghost_lifetime
    for _ in range(lifetime):
        gone = turn(gone, {}).state
    assert not view_for(gone, A).ghosts


def test_9_8_intelligence_widens_sight():
    state = start(wide(), [("a1", "infantry", (1, 1)), ("b1", "infantry", (5, 1))])
    assert not view_for(state, A).sightings
    rules = state.scenario.ruleset.intelligence
    stock = rules.points_per_level * rules.levels_per_sight * 2
    spied = observe(replace(state, players=(replace(state.players[A], intel_stock=stock), state.players[B])))
    assert view_for(spied, A).intel_level == 4
    assert view_for(spied, A).sightings


def test_9_9_moles_report_rivals_now_and_then():
    state = start(wide(), [])
    rules = state.scenario.ruleset.intelligence
    spy = replace(state.players[A], intel_stock=rules.points_per_level * rules.max_level * 3, budget=state.players[A].budget)
    state = observe(replace(state, players=(spy, state.players[B])))
    reports = 0
    for _ in range(12):
        result = turn(state, {A: "budget 0/0/100"})
        reports += sum(1 for e in result.events if e.kind == "mole")
        for e in result.events:
            if e.kind == "mole":
                assert e.audience == frozenset({A}) and e.rival == B
        state = result.state
    assert reports > 0
