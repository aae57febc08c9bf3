"""Rules section 11: what each player sees (docs/RULES.md)."""

from game.rules.state import canonical_bytes
from game.rules.views import omniscient_view, spectator_view, view_for
from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B, C = 0, 1, 2


def test_11_1_own_losses_are_exact_and_enemy_losses_are_ranges():
    state = start(make_scenario(), [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(3, 1))])
    result = turn(state, {A: "attack a1 to 3,1"})
    [truth] = events_of(result, "battle")
    true_units = {u.unit: u for u in truth.units}
    [mine] = [e for e in result.state.players[A].knowledge.report if e.kind == "battle"]
    assert mine.units == (true_units["a1"],)
    [enemy] = mine.rivals
    assert enemy.owner == B and enemy.units == 1 and set(enemy.to_mapping()) == {"owner", "role", "units", "losses",
                                                                                   "destroyed"}
    loss = true_units["b1"].loss
    assert enemy.losses[0] <= loss <= enemy.losses[1]


def test_11_2_a_player_learns_only_its_own_private_events():
    state = start(make_scenario(), [])
    result = turn(state, {A: "build infantry at 0,1"})
    b_kinds = {e.kind for e in view_for(result.state, B).report}
    assert "built" not in b_kinds
    a_report = view_for(result.state, A).to_mapping()["report"]
    assert all("audience" not in e for e in a_report)


def test_11_3_spectators_see_public_facts_only():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1))])
    text = canonical_bytes(spectator_view(state)).decode()
    for secret in ("aim", "treasury", "revisionist", "security", "units", "seed"):
        assert secret not in text


def test_11_4_the_omniscient_view_reveals_aims_and_scores_but_not_the_seed():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1))])
    reveal = omniscient_view(state)
    assert "seed" not in reveal and set(reveal["scores"]) == {A, B}
    assert [p["aim"] for p in reveal["players"]] == [p.aim for p in state.players]


def test_11_5_a_view_is_plain_data_that_encodes_canonically():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1)), ("b1", "infantry", hx(3, 1))])
    first = canonical_bytes(view_for(state, A).to_mapping())
    assert first == canonical_bytes(view_for(state, A).to_mapping())
    assert b"b1" not in first  # rival unit ids are never shown
