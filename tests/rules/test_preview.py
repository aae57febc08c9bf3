"""The rules' preview arithmetic: the force ratio needed to take each hex (docs/RULES.md section
6.2), computed by the combat functions themselves."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.assets import load_scenario
from game.rules.hexgrid import edge, neighbours
from game.rules.preview import balance_ratio


def first_hex(scenario, terrain: str, city: bool = False):
    cities = {c.at for c in scenario.map.cities}
    return next(h for h, t in sorted(scenario.map.tiles.items()) if t == terrain and (h in cities) == city)


@pytest.mark.parametrize("name, knob", [("duel", 0.0), ("doubly-dangerous", -0.7), ("doubly-safe", 0.7)])
def test_the_ratio_is_the_rules_defence_over_attack_multipliers(name, knob):
    scenario = load_scenario(name)
    assert scenario.offense_defense == knob
    # Section 6.2 with the numbers of rules.toml and terrain.toml: entrenched x1.5, city x1.25,
    # knob factors (1 + 0.35 knob) for defence and (1 - 0.35 knob) for attack.
    knob_factor = (1 + 0.35 * knob) / (1 - 0.35 * knob)
    for terrain, defence in (("plains", 1.0), ("forest", 1.35), ("hills", 1.5), ("mountains", 2.0), ("marsh", 1.2)):
        if terrain not in scenario.map.tiles.values():
            continue
        h = first_hex(scenario, terrain)
        assert balance_ratio(scenario, h) == pytest.approx(defence * 1.5 * knob_factor)
    city = next(c for c in scenario.map.cities if scenario.map.tiles[c.at] == "plains")
    assert balance_ratio(scenario, city.at) == pytest.approx(1.25 * 1.5 * knob_factor)
    assert balance_ratio(scenario, first_hex(scenario, "water")) is None


def test_a_hex_behind_rivers_on_every_side_needs_the_river_factor_more():
    scenario = load_scenario("duel")
    h = first_hex(scenario, "plains")
    land = [n for n in neighbours(h) if scenario.board.is_passable(n)]
    guarded = replace(scenario, map=replace(scenario.map, rivers=scenario.map.rivers | {edge(h, n) for n in land},
                                            roads=frozenset(e for e in scenario.map.roads if h not in e)))
    assert balance_ratio(guarded, h) == pytest.approx(1.5 / 0.6)
    one_open = replace(guarded, map=replace(guarded.map, rivers=guarded.map.rivers - {edge(h, land[0])}))
    assert balance_ratio(one_open, h) == pytest.approx(1.5)  # the attacker takes the open side
