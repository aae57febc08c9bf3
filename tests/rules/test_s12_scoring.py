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


def test_12_1_prosperity_counts_only_with_the_homeland_and_security_seekers_keep_buffers():
    # Two home cities each; player A (security) holds one of its own and one of B's.
    scenario = make_scenario(cities=[("0,1", 0), ("1,1", 0), ("6,1", 1), ("5,1", 1), ("3,1", None)])
    state = start(scenario, [])
    rules = scenario.ruleset.scoring
    players = (replace(state.players[A], aim="security", development=95),
               replace(state.players[B], aim="security", development=60))
    owners = {(0, 1): A, (1, 1): B, (6, 1): B, (5, 1): A, (3, 1): A}
    state = replace(state, players=players, city_owner=owners)
    result = scores(state)
    # A: prosperity 9 x 1/2 = 4, one own home, one of B's (a buffer); the neutral city adds nothing.
    assert result[A] == 9 * 1 // 2 + rules.home_city_points + rules.buffer_city_points
    # B: prosperity 6 x 1/2 = 3 and one own home; A's city it holds is a buffer for it too.
    assert result[B] == 6 * 1 // 2 + rules.home_city_points + rules.buffer_city_points


def test_12_1_an_eliminated_player_keeps_nothing():
    scenario = make_scenario(cities=[("0,1", 0), ("6,1", 1)])
    state = start(scenario, [])
    players = (replace(state.players[A], aim="security", development=500, eliminated=True),
               replace(state.players[B], aim="revisionist", development=0))
    state = replace(state, players=players, city_owner={(0, 1): B, (6, 1): B})
    assert scores(state)[A] == 0


def test_12_1_the_books_duel_examples():
    # docs/RULES.md section 12.1, on the Duel map: Aster lost Birch; Dunmore holds Gatesby and Birch.
    from game.assets import load_scenario
    from game.rules.setup import new_game

    scenario = load_scenario("duel")
    state = new_game(scenario, 1)
    by_name = {c.name: c.at for c in scenario.map.cities}
    owners = dict(state.city_owner)
    owners[by_name["Birch"]] = B
    owners[by_name["Gatesby"]] = B
    for aim_b, expected_b in (("revisionist", 39), ("security", 95)):
        players = (replace(state.players[A], aim="security", development=187),
                   replace(state.players[B], aim=aim_b, development=150))
        result = scores(replace(state, players=players, city_owner=owners))
        assert result[A] == 52
        assert result[B] == expected_b
