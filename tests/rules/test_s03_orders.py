"""Rules section 3: orders, their notation and their legality (docs/RULES.md)."""

import re
from dataclasses import replace
from pathlib import Path

import pytest

from game.rules.errors import ILLEGAL_ORDER_CODES, GameOverError, IllegalOrderError, OrderSyntaxError, StaleOrderError
from game.rules.orders import Propose, parse_order, parse_orders
from game.rules.state import Agreement, Proposal
from game.rules.validation import check_fresh, check_orders, order_problems
from game.rules.views import view_for
from tests.rules.builders import hx, make_scenario, start

A, B = 0, 1

EXAMPLES = [
    "budget 40/50/10", "build infantry at 3,4", "move a3 to 4,5", "attack a3 to -4,5", "posture a3 entrenched",
    "posture a3 mobile", "propose non_aggression to 1", "propose arms_cap to 1 cap 3",
    "propose demilitarised to 1 hexes 2,3 4,5", "propose inspection to 1", "accept 3.0.1.0", "reject 3.0.1.0",
    "leave 3.0.1.0",
]


@pytest.mark.parametrize("text", EXAMPLES)
def test_3_1_every_order_round_trips_through_its_notation(text):
    assert str(parse_order(text)) == text


@pytest.mark.parametrize("text", ["", "fly a1 to 2,2", "move a1 2,2", "budget 40/60", "build at 1,1",
                                  "propose peace to 1", "propose arms_cap to 1", "move a1 to x,y"])
def test_3_2_bad_notation_is_a_syntax_error_naming_the_input(text):
    with pytest.raises(OrderSyntaxError) as error:
        parse_order(text)
    assert error.value.code == "bad-order-syntax"
    assert repr(text) in str(error.value)


def test_3_3_orders_may_be_separated_by_lines_or_semicolons_with_comments():
    assert len(parse_orders("budget 40/50/10 # guns\nmove a1 to 1,1; move a2 to 2,2\n")) == 3


def view_with_units():
    state = start(make_scenario(), [("a1", "infantry", hx(1, 1)), ("a2", "fortification", hx(0, 0)),
                                    ("b1", "infantry", hx(5, 1))])
    return state, view_for(state, A)


@pytest.mark.parametrize("text, code", [
    ("budget 50/50/10", "bad-budget"),
    ("budget 50/50/0; budget 40/50/10", "duplicate-order"),
    ("build infantry at 6,1", "not-your-city"),
    ("build tank at 0,1", "unknown-unit-type"),
    ("build armor at 0,1; build armor at 0,1", "duplicate-order"),
    ("move b1 to 4,1", "unknown-unit"),
    ("move a9 to 4,1", "unknown-unit"),
    ("move a2 to 1,0", "cannot-move"),
    ("move a1 to 6,0", "unreachable"),
    ("move a1 to 1,1", "unreachable"),
    ("move a1 to 2,1; posture a1 entrenched", "conflicting-orders"),
    ("propose non_aggression to 0", "unknown-player"),
    ("propose arms_cap to 1 cap -1", "bad-proposal"),
    ("propose demilitarised to 1 hexes 40,40", "bad-proposal"),
    ("accept 1.1.0.0", "unknown-proposal"),
    ("leave 1.0.1.0", "unknown-agreement"),
])
def test_3_4_illegal_orders_get_stable_codes(text, code):
    _, view = view_with_units()
    with pytest.raises(IllegalOrderError) as error:
        check_orders(view, parse_orders(text))
    assert error.value.code == code


def test_3_5_a_rival_unit_id_gets_the_same_answer_as_a_unit_that_does_not_exist():
    # The error must not tell a player whether a rival unit of that id exists.
    _, view = view_with_units()
    real = order_problems(view, parse_orders("move b1 to 4,1"))[0]
    fake = order_problems(view, parse_orders("move b7 to 4,1"))[0]
    assert str(real).replace("b1", "X") == str(fake).replace("b7", "X")


def test_3_6_entering_a_rival_city_must_be_an_attack():
    state = start(make_scenario(), [("a1", "armor", hx(4, 1))])
    view = view_for(state, A)
    with pytest.raises(IllegalOrderError) as error:
        check_orders(view, parse_orders("move a1 to 6,1"))
    assert error.value.code == "attack-needed"
    check_orders(view, parse_orders("attack a1 to 6,1"))


def test_3_7_every_problem_is_listed_at_once():
    _, view = view_with_units()
    problems = order_problems(view, parse_orders("budget 1/1/1; build tank at 0,1; move a9 to 1,1"))
    assert [p.code for p in problems] == ["bad-budget", "unknown-unit-type", "unknown-unit"]


def test_3_8_stale_orders_are_refused():
    _, view = view_with_units()
    check_fresh(view, view.turn, view.version)
    with pytest.raises(StaleOrderError) as error:
        check_fresh(view, view.turn - 1, view.version)
    assert error.value.code == "stale-orders"


def test_3_9_builds_together_must_be_affordable():
    state = start(make_scenario(cities=[("0,1", 0), ("0,0", 0), ("0,2", 0), ("6,1", 1)]), [])
    view = view_for(state, A)  # treasury 20; armor costs 5
    check_orders(view, parse_orders("build armor at 0,1; build armor at 0,0; build armor at 0,2"))
    with pytest.raises(IllegalOrderError) as error:
        check_orders(view, parse_orders("build armor at 0,1; build armor at 0,0; build armor at 0,2; "
                                        "build fortification at 0,1"))
    assert error.value.code in ("cannot-afford", "duplicate-order")


def test_3_10_no_orders_after_the_end():
    state = start(make_scenario(turns=1), [])
    from tests.rules.builders import turn

    over = turn(state, {}).state
    assert over.is_over
    with pytest.raises(GameOverError):
        check_orders(view_for(over, A), parse_orders("budget 40/50/10"))


def _rules_section(title: str) -> str:
    text = (Path(__file__).resolve().parents[2] / "docs" / "RULES.md").read_text()
    start = text.index(f"### {title}")
    return text[start:text.index("\n### ", start + 1)]


def test_3_2_the_codes_of_illegal_orders_are_the_ones_the_rules_document():
    table = re.findall(r"^\| `([a-z-]+)` \|", _rules_section("3.2 Illegal orders"), flags=re.MULTILINE)
    assert sorted(table) == sorted(ILLEGAL_ORDER_CODES)
    assert len(table) == len(set(table))


def test_3_2_an_illegal_order_code_outside_the_closed_set_is_a_bug():
    with pytest.raises(ValueError):
        IllegalOrderError("no such problem", code="made-up")  # type: ignore[arg-type]


def test_3_2_every_code_is_what_some_order_gets():
    _, view = view_with_units()
    entrenched = replace(view, units=tuple(replace(u, entrenched=True) if u.id == "a1" else u for u in view.units))
    rival_city = next(h for h, owner in view.city_owner.items() if owner == B)
    pact = Agreement("1.0.1.0", "non_aggression", (A, B), 1)
    offer = Proposal("1.1.0.0", "arms_cap", B, A, 1, cap=3)
    diplomatic = replace(view, agreements=(pact,), proposals=(offer,))
    cases = [
        (replace(view, is_eliminated=True), "budget 40/50/10"),
        (view, "budget 50/50/10"),
        (view, "move a1 to 2,1; move a1 to 2,1"),
        (view, "build tank at 0,1"),
        (view, "build infantry at 6,1"),
        (replace(view, treasury=2), "build armor at 0,1"),
        (view, "move a9 to 2,1"),
        (view, "move a2 to 1,0"),
        (entrenched, "move a1 to 2,1"),
        (view, "move a1 to 6,0"),
        (replace(view, units=tuple(replace(u, at=hx(4, 1)) if u.id == "a1" else u for u in view.units)),
         f"move a1 to {rival_city[0]},{rival_city[1]}"),
        (view, "posture a1 entrenched; move a1 to 2,1"),
        (view, [Propose("alliance", B)]),
        (view, "propose arms_cap to 1 cap 1000"),
        (view, "propose inspection to 5"),
        (diplomatic, "propose non_aggression to 1"),
        (diplomatic, "propose arms_cap to 1 cap 2"),
        (diplomatic, "accept 9.9.9.9"),
        (diplomatic, "leave 9.9.9.9"),
        (view, ["budget 40/50/10"]),
    ]
    found = []
    for case_view, orders in cases:
        parsed = parse_orders(orders) if isinstance(orders, str) else orders
        problems = order_problems(case_view, parsed)
        assert len(problems) == 1, (orders, problems)
        assert isinstance(problems[0], IllegalOrderError) and str(problems[0])
        found.append(problems[0].code)
    assert found == list(ILLEGAL_ORDER_CODES)
