"""The state hash's shortcuts write exactly what the canonical mapping would (RULES §14).

Stopped, built and income events are written from templates, a player's visible hexes and the
texts of units and ghosts are kept from one state to the next: on odd values (no hex, no
audience, texts that JSON escapes) and on states that share and change records, the bytes
must be those of ``canonical_bytes(to_mapping())``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from game.assets import load_scenario
from game.rules.events import Built, Income, Stopped
from game.rules.setup import new_game
from game.rules.state import GameState, canonical_bytes

SCENARIO = load_scenario("duel")
HEXES = sorted(SCENARIO.board.terrain)
texts = st.text(min_size=0, max_size=6)
hexes = st.one_of(st.none(), st.sampled_from(HEXES), st.tuples(st.integers(-50, 50), st.integers(-50, 50)))
audiences = st.one_of(st.none(), st.frozensets(st.integers(0, 7), max_size=3))
turns = st.integers(0, 300)
counts = st.integers(-5, 500)

events = st.one_of(
    st.builds(lambda t, at, aud, unit, reason, into, by: Stopped(turn=t, at=at, audience=aud, unit=unit,
                                                                reason=reason, into=into, by=by),
              turns, hexes, audiences, texts, texts, hexes, texts),
    st.builds(lambda t, at, aud, unit, kind: Built(turn=t, at=at, audience=aud, unit=unit, unit_kind=kind),
              turns, hexes, audiences, texts, texts),
    st.builds(lambda t, at, aud, a, b, c, d, e, f: Income(turn=t, at=at, audience=aud, income=a, military=b,
                                                          development=c, intelligence=d, spent=e, treasury=f),
              turns, hexes, audiences, counts, counts, counts, counts, counts, counts),
)


def _by_mapping(state: GameState) -> str:
    return hashlib.blake2b(canonical_bytes(state.to_mapping()), digest_size=16).hexdigest()


@given(st.lists(events, max_size=6))
def test_templated_events_are_written_as_their_mappings(written):
    state = replace(new_game(SCENARIO, 1), events=tuple(written))
    assert state.state_hash() == _by_mapping(state)


@given(st.lists(st.tuples(st.sampled_from(sorted(new_game(SCENARIO, 1).units)), st.integers(1, 10)), max_size=4),
       st.integers(0, 3))
def test_kept_texts_follow_the_records_from_state_to_state(changes, shrink):
    # States that share most unit objects and visible sets with the one before, and change a few.
    state = new_game(SCENARIO, 1)
    assert state.state_hash() == _by_mapping(state)
    for uid, strength in changes:
        units = dict(state.units)
        units[uid] = units[uid].with_strength(strength)
        player = state.players[0]
        visible = frozenset(sorted(player.knowledge.visible)[shrink:])
        players = (replace(player, knowledge=replace(player.knowledge, visible=visible)),) + state.players[1:]
        state = replace(state, units=units, players=players, turn=state.turn + 1)
        assert state.state_hash() == _by_mapping(state)
