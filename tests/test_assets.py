"""Every shipped asset loads, and broken ones are reported in full with file and key."""

import shutil
from pathlib import Path

import pytest

from game.assets import load_all_scenarios, load_ruleset, load_scenario, scenario_names
from game.rules.errors import AssetError

ASSETS = Path(__file__).resolve().parents[1] / "assets"


def test_every_shipped_scenario_and_map_loads():
    scenarios = load_all_scenarios(ASSETS)
    assert {s.name for s in scenarios} == set(scenario_names(ASSETS))
    used_maps = {s.map.name for s in scenarios}
    assert len(list((ASSETS / "maps").glob("*.toml"))) >= len(used_maps)
    for scenario in scenarios:
        assert -1 <= scenario.offense_defense <= 1 and 0 <= scenario.distinguishability <= 1


def test_the_four_worlds_share_one_map_and_differ_only_in_their_knobs():
    worlds = [load_scenario(n, ASSETS) for n in ("doubly-dangerous", "compatible-security", "aggression-possible",
                                                 "doubly-safe")]
    assert len({w.map.name for w in worlds}) == 1
    assert {(w.offense_defense < 0, w.distinguishability > 0.5) for w in worlds} == {
        (True, False), (False, False), (True, True), (False, True)}
    assert len({(w.turns, w.revisionists, w.starting_units) for w in worlds}) == 1


def test_scenario_sizes_cover_a_duel_and_a_large_world():
    players = {s.players for s in load_all_scenarios(ASSETS)}
    assert 2 in players and max(players) >= 6


@pytest.fixture
def broken_assets(tmp_path):
    copy = tmp_path / "assets"
    shutil.copytree(ASSETS, copy)
    return copy


def test_a_broken_rules_file_reports_every_problem_with_file_and_key(broken_assets):
    units = broken_assets / "units.toml"
    text = units.read_text().replace("attack = 4", "attack = \"four\"").replace("sight = 4", "sight = -3")
    units.write_text(text.replace("[units.recon]", "[units.recon]\nspeed = 9"))
    with pytest.raises(AssetError) as error:
        load_ruleset(broken_assets)
    problems = "\n".join(error.value.problems)
    assert "units.toml.units.armor.attack: expected int" in problems
    assert "units.recon.sight: -3 is below the minimum" in problems
    assert "units.recon.speed: unknown key" in problems


def test_a_file_that_is_not_toml_is_named(broken_assets):
    (broken_assets / "terrain.toml").write_text("[terrain.plains\ncode = ")
    with pytest.raises(AssetError) as error:
        load_ruleset(broken_assets)
    assert "terrain.toml: not valid TOML" in str(error.value)


def test_a_broken_map_reports_bad_terrain_and_bad_cities(broken_assets):
    path = broken_assets / "maps" / "duel.toml"
    text = path.read_text().replace(" ~ . . f . h h", " ~ . . Q . h h", 1).replace('at = "0,4"', 'at = "99,99"')
    path.write_text(text)
    with pytest.raises(AssetError) as error:
        load_scenario("duel", broken_assets)
    problems = "\n".join(error.value.problems)
    assert "unknown terrain code 'Q'" in problems and "'99,99' is off the map" in problems


def test_an_unknown_scenario_lists_the_known_ones():
    with pytest.raises(AssetError) as error:
        load_scenario("no-such-world", ASSETS)
    assert "unknown scenario 'no-such-world'" in str(error.value) and "duel" in str(error.value)
