"""Rules section 12: scoring (docs/RULES.md)."""

from dataclasses import replace

from game.rules.scoring import scores
from tests.rules.builders import make_scenario, start

A, B = 0, 1


def test_12_1_security_seekers_score_prosperity_and_home_cities_revisionists_captures():
    scenario = make_scenario(cities=[("0,1", 0), ("6,1", 1), ("3,1", None)])
    state = start(scenario, [])
    rules = scenario.ruleset.scoring
    players = (
        replace(state.players[A], aim="security", development=35),
        replace(state.players[B], aim="revisionist", development=20),
    )
    state = replace(state, players=players, city_owner={(0, 1): A, (6, 1): B, (3, 1): B})
    result = scores(state)
    assert result[A] == 35 // rules.development_per_point + rules.home_city_points
    assert result[B] == 20 // rules.development_per_point + rules.captured_city_points
