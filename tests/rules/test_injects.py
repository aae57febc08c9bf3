"""Injects (RULES §11.5): news told to every seat in its own wording, deterministic, leaking nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.assets import load_inject_kinds
from game.rules import RulesError, new_game, resolve, spectator_view, view_for
from game.rules.errors import AssetError
from game.rules.events import Inject, event_from_mapping
from game.rules.injects import InjectKind, inject, parse_inject_kinds
from game.rules.setup import format_aims, parse_aims
from game.rules.state import canonical_bytes
from game.rules.territory import border_zone
from tests.rules.test_non_interference import (
    STANDARD_TURNS,
    hidden_events,
    hidden_units,
    match_states,
    others_diplomacy,
    rival_aim,
    rival_knowledge,
    rival_purse,
    view_bytes,
)

KINDS = load_inject_kinds()


def test_the_shipped_kinds_include_a_border_incident_and_a_rumour():
    assert KINDS["border-incident"].category == "incident"
    assert {k.category for k in KINDS.values()} == {"incident", "rumour"}
    for kind in KINDS.values():
        assert InjectKind.from_mapping(kind.to_mapping()) == kind


def test_every_seat_gets_one_copy_in_its_own_wording_and_nothing_else_changes(standard):
    state = new_game(standard, 3)
    after = inject(state, KINDS["border-incident"], about=2)
    true = after.events[-1]
    assert isinstance(true, Inject) and true.subject == 2 and true.at in border_zone(state, 2, true.other)
    names = [p.name for p in state.players]
    for seat in range(standard.players):
        copy = view_for(after, seat).report[-1]
        assert isinstance(copy, Inject) and copy.at == true.at and copy.title == "Border incident"
        if seat == 2:
            assert copy.text.startswith("Border incident near") and f"your patrols and {names[true.other]}'s" in copy.text
        elif seat == true.other:
            assert f"your patrols and {names[2]}'s" in copy.text
        else:
            assert copy.text == true.text and f"patrols of {names[2]} and {names[true.other]}" in copy.text
        assert view_for(after, seat).report[:-1] == view_for(state, seat).report
        assert event_from_mapping(view_for(after, seat).to_mapping()["report"][-1]) == copy
    assert (after.turn, after.version, after.units, after.city_owner, after.agreements) == \
        (state.turn, state.version, state.units, state.city_owner, state.agreements)
    assert [p.aim for p in after.players] == [p.aim for p in state.players]
    assert spectator_view(after)["events"][-1]["details"]["text"] == true.text
    # The next resolution is the same as without the inject, and its report no longer holds it.
    assert resolve(after, {}).state.state_hash() == resolve(state, {}).state.state_hash()


def test_an_inject_is_deterministic_and_moves_the_state_hash(standard):
    state = new_game(standard, 3)
    once = inject(inject(state, KINDS["rumour-massing"]), KINDS["border-incident"])
    again = inject(inject(state, KINDS["rumour-massing"]), KINDS["border-incident"])
    assert once.state_hash() == again.state_hash() != state.state_hash()
    first, second = once.events[-2:]
    assert isinstance(first, Inject) and isinstance(second, Inject)
    # The draws are keyed by the turn and the inject's index in it: other seeds, other places.
    seeds = [inject(new_game(standard, seed), KINDS["border-incident"]).events[-1] for seed in range(12)]
    assert len({(e.subject, e.other, e.at) for e in seeds if isinstance(e, Inject)}) > 1


@pytest.mark.parametrize("change", [rival_aim, rival_purse, rival_knowledge, hidden_events, others_diplomacy,
                                    hidden_units], ids=lambda c: c.__name__)
@settings(max_examples=20)
@given(data=st.data())
def test_an_inject_tells_a_seat_nothing_it_cannot_see(standard, change, data):
    # Change what seat P cannot see (a rival's aim, purse, units out of sight...): P's view after
    # the same inject must be byte-identical. A rumour in particular never depends on the truth.
    states = match_states(standard, data.draw(st.sampled_from((11, 12, 13))), STANDARD_TURNS)
    state = states[data.draw(st.integers(1, len(states) - 1))]
    me = data.draw(st.sampled_from([p.id for p in state.players if not p.eliminated]))
    changed = change(state, me, data.draw)
    assert view_bytes(changed, me) == view_bytes(state, me)
    kind = KINDS[data.draw(st.sampled_from(sorted(KINDS)))]
    about = data.draw(st.sampled_from([None, *[p.id for p in state.players if not p.eliminated]]))
    try:
        told = inject(state, kind, about)
    except RulesError:
        with pytest.raises(RulesError):
            inject(changed, kind, about)
        return
    assert view_bytes(inject(changed, kind, about), me) == view_bytes(told, me)
    assert canonical_bytes(spectator_view(inject(changed, kind, about))) == canonical_bytes(spectator_view(told))


def test_an_inject_is_refused_for_a_seat_out_or_a_match_over(duel, standard):
    state = new_game(standard, 3)
    with pytest.raises(RulesError) as refused:
        inject(state, KINDS["rumour-massing"], about=9)
    assert refused.value.code == "bad-inject"
    over = state
    while not over.is_over:
        over = resolve(over, {}).state
    with pytest.raises(RulesError) as late:
        inject(over, KINDS["rumour-massing"])
    assert late.value.code == "game-over"


def test_a_broken_injects_file_reports_every_problem():
    with pytest.raises(AssetError) as broken:
        parse_inject_kinds({
            "a": {"category": "gossip", "title": "T", "text": "{nobody}", "subject_text": "x", "other_text": "y"},
            "b": {"category": "rumour", "title": "T", "text": "x", "subject_text": "{subject", "colour": "red"},
        })
    found = "\n".join(broken.value.problems)
    for expected in ("a.category", "{nobody}", "b.subject_text", "b.other_text: missing", "b.colour: unknown key"):
        assert expected in found


def test_aims_in_words_round_trip_and_set_the_seats(standard):
    assert parse_aims("scenario", 4) == "scenario" and parse_aims("Security", 4) == "security"
    assert parse_aims("revisionist:1+3", 4) == ("security", "revisionist", "security", "revisionist")
    for words in ("scenario", "security", "revisionist:2", "revisionist:0+3"):
        assert format_aims(parse_aims(words, 4)) == words
    for bad in ("revisionist:4", "revisionist:", "greedy", "revisionist:-1", "revisionist:a"):
        with pytest.raises(RulesError) as refused:
            parse_aims(bad, 4)
        assert refused.value.code == "bad-aims"
    chosen = new_game(standard, 8, aims=parse_aims("revisionist:0", 4))
    drawn = new_game(standard, 8)
    assert [p.aim for p in chosen.players] == ["revisionist", "security", "security", "security"]
    assert chosen.units == drawn.units and chosen.scenario.revisionists == drawn.scenario.revisionists
    with pytest.raises(RulesError):
        new_game(standard, 8, aims=("revisionist",))
