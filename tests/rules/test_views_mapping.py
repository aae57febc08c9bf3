"""``PlayerView.from_mapping`` reads back what ``to_mapping`` writes, and refuses what it cannot read."""

from __future__ import annotations

import pytest

from game.assets import load_scenario
from game.rules import PlayerView, new_game, view_for


def test_a_view_round_trips_through_its_mapping():
    scenario = load_scenario("duel")
    view = view_for(new_game(scenario, 7), 1)
    again = PlayerView.from_mapping(view.to_mapping(), scenario)
    assert again.to_mapping() == view.to_mapping()


@pytest.mark.parametrize("change", [{"turn": "1"}, {"units": {}}, {"budget": "a/b/c"}, {"eliminated": 0}])
def test_a_malformed_view_is_refused(change):
    scenario = load_scenario("duel")
    data = {**view_for(new_game(scenario, 7), 0).to_mapping(), **change}
    with pytest.raises((KeyError, ValueError, TypeError)):
        PlayerView.from_mapping(data, scenario)
