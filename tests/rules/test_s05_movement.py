"""Rules section 5: movement (docs/RULES.md)."""

from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B = 0, 1


def positions(state):
    return {uid: u.at for uid, u in state.units.items()}


def test_5_1_a_unit_moves_to_a_reachable_hex():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1))])
    after = turn(state, {A: "move a1 to 3,1"}).state
    assert positions(after)["a1"] == (3, 1)


def test_5_2_a_unit_may_always_step_into_one_costly_hex():
    grid = """
. . . . . . .
 . m m . . . .
. . . . . . .
"""
    scenario = make_scenario(grid)
    board = scenario.board
    # Artillery has 2 half-points; mountains cost 6: the first step is free of that limit.
    assert (1, 1) in board.reachable((0, 1), 2)
    assert (2, 1) not in board.reachable((0, 1), 2)


def test_5_3_roads_make_movement_cheap_and_bridge_rivers():
    scenario = make_scenario(roads=[["0,1", "1,1", "2,1", "3,1", "4,1"]], rivers=["1,1|2,1"])
    reach = scenario.board.reachable((0, 1), 4)  # infantry: 4 half-points, roads cost 1
    assert (4, 1) in reach
    plain = make_scenario(rivers=["1,1|2,1"]).board.reachable((1, 1), 4)
    assert (2, 1) in plain and plain[(2, 1)] == 4  # crossing costs 2 + 2 river


def test_5_4_a_peaceful_move_stops_short_of_a_foreign_unit():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1)), ("b1", "infantry", hx(3, 1))])
    result = turn(state, {A: "move a1 to 3,1"})
    assert positions(result.state)["a1"] == (2, 1)
    assert not events_of(result, "battle")
    assert [e.reason for e in events_of(result, "stopped")] == ["blocked"]
    # The report says where it could not go; a rival's unit in the way is not named.
    [stopped] = events_of(result, "stopped")
    assert (stopped.into, stopped.by) == ((3, 1), "")
    assert stopped.details() == {"unit": "a1", "reason": "blocked", "into": "3,1", "by": ""}


def test_5_4_an_own_unit_in_the_way_is_named_with_the_hex_it_holds():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1)), ("a2", "infantry", hx(2, 1))])
    result = turn(state, {A: "move a1 to 3,1"})
    assert positions(result.state)["a1"] == (1, 1)
    [stopped] = events_of(result, "stopped")
    assert stopped.details() == {"unit": "a1", "reason": "blocked", "into": "2,1", "by": "a2"}


def test_5_5_an_attack_into_a_held_hex_is_an_assault():
    state = start(make_scenario(), [("a1", "armor", hx(1, 1)), ("b1", "infantry", hx(3, 1))])
    result = turn(state, {A: "attack a1 to 3,1"})
    [battle] = events_of(result, "battle")
    assert battle.at == (3, 1) and battle.form == "assault"
    roles = {u.unit: u.role for u in battle.units}
    assert roles == {"a1": "attacker", "b1": "defender"}


def test_5_6_peaceful_units_of_two_players_entering_one_hex_bounce():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1)), ("b1", "infantry", hx(5, 1))])
    result = turn(state, {A: "move a1 to 3,1", B: "move b1 to 3,1"})
    assert not events_of(result, "battle")
    assert positions(result.state)["a1"] != (3, 1) and positions(result.state)["b1"] != (3, 1)
    assert sorted(e.reason for e in events_of(result, "stopped")) == ["bounced", "bounced"]


def test_5_7_a_contested_hex_with_an_attacker_is_a_meeting_battle():
    state = start(make_scenario(), [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(4, 1))])
    result = turn(state, {A: "attack a1 to 3,1", B: "move b1 to 3,1"})
    [battle] = events_of(result, "battle")
    assert battle.form == "meeting" and battle.at == (3, 1)
    assert positions(result.state).get("a1", (2, 1)) == (2, 1)


def test_5_8_swapping_foreign_units_meet_if_either_attacks():
    state = start(make_scenario(), [("a1", "infantry", hx(2, 1)), ("b1", "infantry", hx(3, 1))])
    result = turn(state, {A: "attack a1 to 3,1", B: "move b1 to 2,1"})
    [battle] = events_of(result, "battle")
    assert battle.form == "meeting"
    quiet = turn(state, {A: "move a1 to 3,1", B: "move b1 to 2,1"})
    assert not events_of(quiet, "battle")
    assert positions(quiet.state) == {"a1": (2, 1), "b1": (3, 1)}


def test_5_9_a_column_follows_its_leader_and_own_units_may_swap():
    state = start(make_scenario(), [("a1", "infantry", hx(2, 1)), ("a2", "infantry", hx(3, 1)),
                                    ("a3", "infantry", hx(4, 1))])
    after = turn(state, {A: "move a1 to 3,1; move a2 to 4,1; move a3 to 5,1"}).state
    assert positions(after) == {"a1": (3, 1), "a2": (4, 1), "a3": (5, 1)}
    swapped = turn(state, {A: "move a1 to 3,1; move a2 to 2,1"}).state
    assert positions(swapped)["a1"] == (3, 1) and positions(swapped)["a2"] == (2, 1)


def test_5_10_two_own_units_heading_for_one_hex_the_lower_id_goes():
    state = start(make_scenario(), [("a1", "infantry", hx(2, 0)), ("a2", "infantry", hx(2, 2))])
    target = "2,1"
    after = turn(state, {A: f"move a1 to {target}; move a2 to {target}"}).state
    assert positions(after)["a1"] == (2, 1)
    assert positions(after)["a2"] == hx(2, 2)


def test_5_11_of_the_cheapest_paths_a_unit_takes_one_clear_of_its_own_units():
    # From (1,1) to (3,2) on plains the cheapest paths run by (1,2),(2,2) or by (2,1),(3,1);
    # ties go to the smaller hex walking back from the goal.
    board = make_scenario().board
    assert board.path((1, 1), (3, 2), 6) == ((1, 2), (2, 2), (3, 2))
    assert board.path((1, 1), (3, 2), 6, avoid={(2, 2)}) == ((2, 1), (3, 1), (3, 2))
    state = start(make_scenario(), [("a1", "armor", (1, 1)), ("a2", "infantry", (2, 2))])
    after = turn(state, {A: "move a1 to 3,2"}).state
    assert positions(after)["a1"] == (3, 2)


def test_5_11b_no_dearer_detour_is_taken():
    # The only cheapest path to (3,1) runs through a1's own infantry: a1 stops short.
    state = start(make_scenario(), [("a1", "armor", (1, 1)), ("a2", "infantry", (2, 1))])
    result = turn(state, {A: "move a1 to 3,1"})
    assert positions(result.state)["a1"] == (1, 1)
    assert [e.reason for e in events_of(result, "stopped")] == ["blocked"]


def test_5_12_an_entrenched_unit_must_leave_its_works_before_it_moves():
    import pytest

    from game.rules.errors import IllegalOrderError

    state = start(make_scenario(), [("a1", "infantry", hx(1, 1))], a1={"entrenched": True})
    with pytest.raises(IllegalOrderError) as error:
        turn(state, {A: "move a1 to 2,1"})
    assert error.value.code == "entrenched"
    leaving = turn(state, {A: "posture a1 mobile"}).state
    assert leaving.units["a1"].entrenched is False and leaving.units["a1"].at == hx(1, 1)
    moved = turn(leaving, {A: "move a1 to 2,1"}).state
    assert moved.units["a1"].at == (2, 1)


def test_5_13_a_unit_that_wins_an_assault_advances_out_of_its_works():
    state = start(make_scenario(offense_defense=-1.0), [("a1", "armor", hx(2, 1)), ("b1", "recon", hx(3, 1))],
                  b1={"strength": 1})
    after = turn(state, {A: "attack a1 to 3,1"}).state
    assert after.unit_at[(3, 1)].id == "a1" and not after.units["a1"].entrenched


def test_5_14_ties_between_own_units_go_by_serial_number():
    state = start(make_scenario(), [("a2", "infantry", hx(2, 0)), ("a10", "infantry", hx(2, 2))])
    after = turn(state, {A: "move a2 to 2,1; move a10 to 2,1"}).state
    assert after.units["a2"].at == (2, 1)
