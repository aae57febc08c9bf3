"""Rules section 8: economy (docs/RULES.md)."""

from dataclasses import replace

from game.rules.economy import split_income
from game.rules.state import Budget
from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B = 0, 1


def test_8_1_income_is_split_by_the_budget_with_remainders_to_development():
    split = split_income(11, Budget(40, 50, 10))
    assert (split.military, split.intelligence, split.development) == (4, 1, 6)


def test_8_2_the_treasury_gains_the_military_share_and_pays_for_builds():
    state = start(make_scenario(), [])
    result = turn(state, {A: "budget 50/40/10\nbuild infantry at 0,1"})
    income = next(e for e in events_of(result, "income") if A in e.audience)
    cost = state.scenario.ruleset.units["infantry"].cost
    assert income.spent == cost
    assert result.state.players[A].treasury == state.players[A].treasury - cost + income.military
    assert result.state.unit_at[hx(0, 1)].kind == "infantry"


def test_8_3_missing_orders_keep_last_turns_budget():
    state = start(make_scenario(), [])
    after = turn(state, {A: "budget 70/20/10"}).state
    later = turn(after, {}).state
    assert later.players[A].budget == Budget(70, 20, 10)
    assert later.players[B].budget == state.players[B].budget


def test_8_4_development_adds_income():
    state = start(make_scenario(), [])
    per = state.scenario.ruleset.economy.development_per_income
    wealthy = replace(state, players=(replace(state.players[A], development=3 * per), state.players[B]))
    poor_income = next(e for e in events_of(turn(state, {}), "income") if A in e.audience).income
    rich_income = next(e for e in events_of(turn(wealthy, {}), "income") if A in e.audience).income
    assert rich_income == poor_income + 3


def test_8_5_a_build_in_an_occupied_city_appears_next_to_it():
    state = start(make_scenario(), [("a1", "infantry", hx(0, 1))])
    result = turn(state, {A: "build armor at 0,1"})
    [built] = events_of(result, "built")
    assert built.at != hx(0, 1) and result.state.unit_at[built.at].kind == "armor"
