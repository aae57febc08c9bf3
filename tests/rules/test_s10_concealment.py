"""Rules section 10.5: gaming an inspection with `conceal` (docs/RULES.md)."""

from dataclasses import replace

import pytest

from game.rules import randomness
from game.rules.errors import IllegalOrderError
from game.rules.legal import legal_orders
from game.rules.orders import Conceal, parse_order
from game.rules.views import view_for
from game.rules.state import canonical_bytes
from tests.rules.builders import events_of, hx, start, turn
from tests.rules.test_s10_agreements import agreed, three_players

A, B, C = 0, 1, 2
ARMOR_AT = hx(4, 1)  # in the border zone between A and B (so inside A's inspection window)


def inspected(seed: int):
    """A and B keep an inspection; B's armor stands in A's window; C watches from afar."""
    state = start(three_players(), [("b1", "armor", ARMOR_AT), ("c1", "infantry", hx(2, 3))], seed=seed)
    return agreed(state, "inspection").state


def catch_draw(seed: int, turn_number: int) -> float:
    return randomness.uniform(seed, "caught", turn_number, A, ARMOR_AT)


def seed_where(is_caught: bool) -> int:
    chance = inspected(1).scenario.ruleset.agreements.concealment_catch
    for seed in range(1, 200):
        state = inspected(seed)
        if (catch_draw(seed, state.turn) < chance) == is_caught:
            return seed
    raise AssertionError("no such seed")


def test_10_5_conceal_has_one_spelling():
    assert parse_order("conceal b1") == Conceal("b1")
    assert str(Conceal("b1")) == "conceal b1"


def test_10_5_an_uncaught_concealment_shows_the_inspector_a_certain_disguise():
    seed = seed_where(is_caught=False)
    state = inspected(seed)
    result = turn(state, {B: "conceal b1"})
    [sighting] = [s for s in view_for(result.state, A).sightings if s.at == ARMOR_AT]
    rules = state.scenario.ruleset
    # Shaped exactly like an honest inspected sighting, but a look-alike, dug in.
    assert sighting.reliability == 1.0 and sighting.strength_low == sighting.strength_high == 10
    assert sighting.looks in rules.units["armor"].looks_like and sighting.entrenched
    assert not events_of(result, "caught")
    honest = turn(state, {})
    [truth] = [s for s in view_for(honest.state, A).sightings if s.at == ARMOR_AT]
    assert (truth.looks, truth.entrenched, truth.reliability) == ("armor", False, 1.0)


def test_10_5_concealment_costs_treasury_every_turn_it_is_ordered():
    state = inspected(seed_where(is_caught=False))
    cost = state.scenario.ruleset.agreements.concealment_cost
    paid = turn(state, {B: "conceal b1"})
    free = turn(state, {})
    [income] = [e for e in events_of(paid, "income") if B in e.audience]
    assert income.spent == cost
    assert paid.state.players[B].treasury == free.state.players[B].treasury - cost


def test_10_5_a_caught_concealment_is_told_to_both_and_the_inspector_sees_the_truth():
    seed = seed_where(is_caught=True)
    state = inspected(seed)
    result = turn(state, {B: "conceal b1"})
    [caught] = events_of(result, "caught")
    assert (caught.by, caught.inspector, caught.unit_kind, caught.at) == (B, A, "armor", ARMOR_AT)
    assert caught.audience == frozenset({A, B})
    assert caught.agreement == state.agreements[0].id
    assert any(e.kind == "caught" for e in view_for(result.state, A).report)
    assert any(e.kind == "caught" for e in view_for(result.state, B).report)
    assert not any(e.kind == "caught" for e in view_for(result.state, C).report)
    [sighting] = [s for s in view_for(result.state, A).sightings if s.at == ARMOR_AT]
    assert (sighting.looks, sighting.reliability) == ("armor", 1.0)


@pytest.mark.parametrize("is_caught", [False, True])
def test_10_5_a_third_player_learns_nothing_of_a_concealment(is_caught):
    state = inspected(seed_where(is_caught))
    concealed = turn(state, {B: "conceal b1"}).state
    honest = turn(state, {}).state
    assert view_bytes(concealed, C) == view_bytes(honest, C)


def test_10_5_without_a_catch_the_inspector_cannot_tell_a_disguise_from_an_honest_unit():
    # B's honest infantry, dug in, in the same place: A's view is the same bytes as the
    # uncaught disguise whenever the disguise shows infantry.
    for seed in range(1, 200):
        state = inspected(seed)
        chance = state.scenario.ruleset.agreements.concealment_catch
        if catch_draw(seed, state.turn) < chance:
            continue
        disguised = turn(state, {B: "conceal b1"}).state
        [sighting] = [s for s in view_for(disguised, A).sightings if s.at == ARMOR_AT]
        if sighting.looks != "infantry":
            continue
        honest_start = start(three_players(), [("b1", "infantry", ARMOR_AT), ("c1", "infantry", hx(2, 3))],
                             seed=seed, b1={"entrenched": True})
        honest = turn(agreed(honest_start, "inspection").state, {}).state
        assert view_bytes(disguised, A) == view_bytes(honest, A)
        return
    raise AssertionError("no seed disguised the armor as infantry")


def test_10_5_a_unit_outside_the_window_gains_nothing_from_concealment():
    state = start(three_players(), [("b1", "armor", hx(6, 3))], seed=3)
    state = agreed(state, "inspection").state
    concealed = turn(state, {B: "conceal b1"}).state
    honest = turn(state, {}).state
    assert view_bytes(concealed, A) == view_bytes(honest, A)


def test_10_5_bad_concealments_are_refused_with_their_codes():
    state = inspected(1)
    cost = state.scenario.ruleset.agreements.concealment_cost
    armor = state.scenario.ruleset.units["armor"].cost
    for text, code in {"conceal a9": "unknown-unit", "conceal b1; conceal b1": "duplicate-order"}.items():
        with pytest.raises(IllegalOrderError) as error:
            turn(state, {B: text})
        assert error.value.code == code
    # Builds and concealments together must be affordable, whichever comes first.
    short = replace(state, players=(state.players[A], replace(state.players[B], treasury=armor + cost - 1),
                                    state.players[C]))
    for text in ("build armor at 6,1; conceal b1", "conceal b1; build armor at 6,1"):
        with pytest.raises(IllegalOrderError) as error:
            turn(short, {B: text})
        assert error.value.code == "cannot-afford"
    turn(short, {B: "conceal b1"})  # either alone is fine
    turn(short, {B: "build armor at 6,1"})


def test_10_5_legal_orders_list_concealment_only_under_an_inspection():
    before = start(three_players(), [("b1", "armor", ARMOR_AT)], seed=2)
    assert legal_orders(view_for(before, B)).conceals == ()
    state = agreed(before, "inspection").state
    assert legal_orders(view_for(state, B)).conceals == ("b1",)
    assert legal_orders(view_for(state, C)).conceals == ()


def view_bytes(state, player):
    return canonical_bytes(view_for(state, player).to_mapping())
