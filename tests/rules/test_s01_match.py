"""Rules section 1: the match (docs/RULES.md)."""

import pytest

from game.rules.errors import GameOverError, RulesError
from game.rules.resolve import resolve
from game.rules.setup import new_game
from tests.rules.builders import make_scenario


def test_1_1_the_seed_picks_how_many_seats_are_revisionist_within_the_range():
    scenario = make_scenario(revisionists=(0, 2))
    counts = {sum(p.aim == "revisionist" for p in new_game(scenario, seed).players) for seed in range(40)}
    assert counts == {0, 1, 2}


def test_1_2_a_match_ends_after_its_turns():
    state = new_game(make_scenario(turns=2), 1)
    state = resolve(state, {}).state
    assert not state.is_over
    state = resolve(state, {}).state
    assert state.is_over and any(e.kind == "game-over" for e in state.events)
    with pytest.raises(GameOverError):
        resolve(state, {})


@pytest.mark.parametrize("seed", [-1, 2**63, "7", 1.5, True])
def test_1_3_bad_seeds_are_refused(seed):
    with pytest.raises(RulesError) as error:
        new_game(make_scenario(), seed)
    assert error.value.code == "bad-seed"
