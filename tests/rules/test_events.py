"""Report events: one type a kind, a wire form that reads back to the same event, and the rules' table."""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.bots import make_bot
from game.rules.events import EVENT_KINDS, EVENT_TYPES, Battle, BattleUnit, MoleReport, event_from_mapping
from game.rules.budget import Budget
from game.rules.views import view_for
from game.selfplay import play_match

RULES = Path(__file__).resolve().parents[2] / "docs" / "RULES.md"


@pytest.fixture(scope="module")
def played(duel):
    states = []
    play_match(duel, 7, [make_bot("revisionist"), make_bot("random")], max_turns=14,
               on_turn=lambda state, _turn: states.append(state))
    return states


def test_every_event_reads_back_from_its_wire_form(played):
    seen_kinds = set()
    for state in played:
        for event in state.events:
            assert event_from_mapping(event.to_mapping()) == event
            seen_kinds.add(event.kind)
        for player in state.players:
            for event in view_for(state, player.id).report:
                wire = view_for(state, player.id).to_mapping()
                assert event_from_mapping(event.to_mapping()) == event
                assert all("audience" not in e for e in wire["report"])
    assert {"battle", "built", "income"} <= seen_kinds


def test_a_seats_battle_report_reads_back_with_its_rival_sides(played):
    reports = [e for s in played for p in s.players for e in p.knowledge.report if isinstance(e, Battle)]
    assert reports and any(e.rivals for e in reports)
    for event in reports:
        copy = event_from_mapping({k: v for k, v in event.to_mapping().items() if k != "audience"})
        assert copy.rivals == event.rivals and copy.units == event.units and copy.audience is None


def test_the_kinds_are_distinct_and_each_is_in_the_rules_table_of_details():
    assert len(set(EVENT_KINDS)) == len(EVENT_TYPES)
    text = RULES.read_text()
    section = text[text.index("### 11.2 The report"):text.index("### 11.3")]
    listed = set()
    for row in re.findall(r"^\| (`[^|]+) \| [^|]*`", section, flags=re.MULTILINE):
        listed |= set(re.findall(r"`([a-z-]+)`", row))
    assert set(EVENT_KINDS) <= listed


def test_a_mole_leak_of_a_budget_need_not_add_up():
    leak = MoleReport(turn=3, rival=1, budget=Budget(52, 49, 6), audience=frozenset({0}))
    assert leak.to_mapping()["details"] == {"rival": 1, "budget": "52/49/6"}
    assert event_from_mapping(leak.to_mapping()) == leak
    assert not leak.budget.is_valid


@pytest.mark.parametrize("data", [
    None, [], {"kind": "coup", "turn": 1, "at": None, "details": {}},
    {"kind": "built", "turn": 1, "at": None, "details": {"unit": "a1"}},
    {"kind": "built", "turn": "1", "at": None, "details": {"unit": "a1", "kind": "armor"}},
    {"kind": "built", "turn": 1, "at": "x", "details": {"unit": "a1", "kind": "armor"}},
    {"kind": "battle", "turn": 1, "at": "1,1", "details": {"type": "duel", "units": []}},
    {"kind": "battle", "turn": 1, "at": "1,1", "details": {"type": "assault", "units": [{"unit": "a1"}]}},
    {"kind": "battle", "turn": 1, "at": "1,1", "details": {"type": "assault", "units": [], "rivals": [
        {"owner": 1, "role": "attacker", "units": 1, "losses": [1], "destroyed": 0}]}},
    {"kind": "mole", "turn": 1, "at": None, "details": {"rival": 1, "budget": "a lot"}},
    {"kind": "income", "turn": 1, "at": None, "details": {"income": True, "military": 1, "development": 1,
                                                          "intelligence": 1, "spent": 0, "treasury": 1}},
])
def test_a_malformed_event_is_refused_with_a_value_error(data):
    with pytest.raises(ValueError):
        event_from_mapping(data)


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=6) | st.sampled_from(EVENT_KINDS),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(
                         ["kind", "turn", "at", "details", "unit", "type", "units", "rivals", "budget", "rival"]),
                         inner, max_size=5), max_leaves=12)


@settings(max_examples=200)
@given(kind=st.sampled_from(EVENT_KINDS), turn=_JSON, at=_JSON, details=_JSON)
def test_junk_is_refused_with_a_value_error_or_read(kind, turn, at, details):
    try:
        event = event_from_mapping({"kind": kind, "turn": turn, "at": at, "details": details})
    except ValueError:
        return
    assert event.kind == kind and event_from_mapping(event.to_mapping()) == event


def test_battle_units_say_their_loss():
    unit = BattleUnit("a1", 0, "armor", "attacker", 10, 0)
    assert unit.loss == 10 and unit.is_destroyed
