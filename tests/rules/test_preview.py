"""The rules' preview arithmetic: the force ratio needed to take each hex (docs/RULES.md section
6.2), computed by the combat functions themselves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.assets import load_scenario
from game.rules.hexgrid import edge, neighbours
from game.rules import new_game, resolve_checked, view_for
from game.rules.orders import Move, parse_orders
from game.rules.preview import balance_ratio, plan_moves, reachable


def first_hex(scenario, terrain: str, city: bool = False):
    cities = {c.at for c in scenario.map.cities}
    return next(h for h, t in sorted(scenario.map.tiles.items()) if t == terrain and (h in cities) == city)


@pytest.mark.parametrize("name, era", [("duel", "balanced"), ("doubly-dangerous", "offence"), ("doubly-safe", "defence")])
def test_the_ratio_is_the_rules_defence_over_attack_multipliers(name, era):
    scenario = load_scenario(name)
    rules = scenario.ruleset
    assert rules.technology == era
    # Section 6.2 with the era's numbers (section 6.1): terrain x entrenched, and x city on a city.
    dug_in = rules.combat.entrenched_defence
    for terrain in ("plains", "forest", "hills", "mountains", "marsh"):
        if terrain not in scenario.map.tiles.values():
            continue
        h = first_hex(scenario, terrain)
        assert balance_ratio(scenario, h) == pytest.approx(rules.terrain[terrain].defence * dug_in)
    city = next(c for c in scenario.map.cities if scenario.map.tiles[c.at] == "plains")
    assert balance_ratio(scenario, city.at) == pytest.approx(rules.combat.city_defence * dug_in)
    assert balance_ratio(scenario, first_hex(scenario, "water")) is None


def test_the_eras_make_ground_cheap_or_dear_to_take():
    ratios = {name: balance_ratio(s, first_hex(s, "hills")) for name in ("doubly-dangerous", "duel", "doubly-safe")
              for s in [load_scenario(name)]}
    assert ratios["doubly-dangerous"] < ratios["duel"] < ratios["doubly-safe"]


def test_a_hex_behind_rivers_on_every_side_needs_the_river_factor_more():
    scenario = load_scenario("duel")
    h = first_hex(scenario, "plains")
    land = [n for n in neighbours(h) if scenario.board.is_passable(n)]
    guarded = replace(scenario, map=replace(scenario.map, rivers=scenario.map.rivers | {edge(h, n) for n in land},
                                            roads=frozenset(e for e in scenario.map.roads if h not in e)))
    assert balance_ratio(guarded, h) == pytest.approx(1.5 / 0.6)
    one_open = replace(guarded, map=replace(guarded.map, rivers=guarded.map.rivers - {edge(h, land[0])}))
    assert balance_ratio(one_open, h) == pytest.approx(1.5)  # the attacker takes the open side


def test_planned_moves_run_the_rules_movement_against_the_players_own_orders():
    # Issue 12, item 3 (duel, seed 7, turn 1): a1 sent to 4,4 and the recon a3 to 5,4; a3's path
    # runs through 4,4, where a1 will stand, so a3 is blocked at 3,4, and the plan says by what.
    view = view_for(new_game(load_scenario("duel"), 7), 0)
    planned = plan_moves(view, {"a1": Move("a1", (4, 4)), "a3": Move("a3", (5, 4))})
    assert planned["a1"].arrives and planned["a1"].ends_at == (4, 4)
    a3 = planned["a3"]
    assert not a3.arrives and (a3.ends_at, a3.stopped, a3.into, a3.by) == ((3, 4), "blocked", (4, 4), "a1")
    # Standing still, a1 is in the way too (every cheapest path east runs through Aster); a2
    # staying put on -1,4 blocks any move onto it; 1,2 is clear either way.
    assert plan_moves(view, {"a3": Move("a3", (5, 4))})["a3"].by == "a1"
    reach = reachable(view, {"a1": Move("a1", (4, 4))}, "a3", [(5, 4), (5, 3), (1, 2), (-1, 4)])
    assert {h for h, p in reach.items() if not p.arrives} == {(5, 4), (5, 3), (-1, 4)}
    assert reach[(-1, 4)].by == "a2"


def test_the_plan_is_what_the_resolution_does_when_nothing_unseen_interferes():
    state = new_game(load_scenario("duel"), 7)
    view = view_for(state, 0)
    result = resolve_checked(state, {0: parse_orders("move a1 to 4,4\nmove a3 to 5,4"), 1: []})
    units = {uid: u.at for uid, u in result.state.units.items()}
    planned = plan_moves(view, {"a1": Move("a1", (4, 4)), "a3": Move("a3", (5, 4))})
    assert {uid: p.ends_at for uid, p in planned.items()} == {uid: units[uid] for uid in planned}
    [stopped] = [e for e in result.events if e.kind == "stopped"]
    assert stopped.details() == {"unit": "a3", "reason": "blocked", "into": "4,4", "by": "a1"}


def test_a_hex_where_a_rival_force_is_seen_is_reached_by_attacking_it():
    from dataclasses import replace as evolve

    from game.rules.state import Sighting

    view = view_for(new_game(load_scenario("duel"), 7), 0)
    view = evolve(view, sightings=(Sighting((2, 3), 1, "armor", 0.6, 4, 8, False, view.turn),))
    [(to, planned)] = reachable(view, {}, "a1", [(2, 3)]).items()
    assert planned.arrives and planned.stopped == "fought"
