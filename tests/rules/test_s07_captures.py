"""Rules section 7: captures and elimination (docs/RULES.md)."""

from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B = 0, 1


def test_7_1_an_attack_into_an_empty_rival_city_takes_it():
    state = start(make_scenario(cities=[("0,1", 0), ("6,1", 1), ("3,1", 1)]),
                  [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(6, 1))])
    result = turn(state, {A: "attack a1 to 3,1"})
    assert result.state.city_owner[(3, 1)] == A
    [captured] = events_of(result, "captured")
    assert captured.audience is None and captured.taken_from == B


def test_7_2_a_player_without_cities_is_eliminated_and_its_units_removed():
    state = start(make_scenario(), [("a1", "armor", hx(5, 1)), ("b1", "infantry", hx(3, 1))])
    result = turn(state, {A: "attack a1 to 6,1"})
    assert result.state.players[B].eliminated
    assert not result.state.units_of(B)
    assert events_of(result, "eliminated")
    assert result.state.is_over  # one player left
