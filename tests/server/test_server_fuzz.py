"""Fuzzing the lobby with every message type: whatever a client sends, the server answers with
known message types or typed errors, never raises, and keeps its matches consistent."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.wire import ERROR_CODES, encode
from game.wire.messages import SERVER_MESSAGE_TYPES
from tests.server.server_harness import Harness
from tests.wire.wire_strategies import VALUES, valid_messages

_shared: dict = {}


def running_match() -> tuple[Harness, dict, int, int]:
    h = Harness(seed=1)
    host = h.connect()
    created = h.call(host, "create", scenario="duel", seats=[None, "basic"], seed=1, turn_seconds=60)
    player = h.connect()
    h.call(player, "join", code=created["code"], name="p")
    h.call(host, "host", match=created["match"], token=created["host_token"], action="start")
    return h, created, host, player


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(valid_messages(), min_size=1, max_size=6), st.data())
def test_any_sequence_of_messages_is_answered_and_never_crashes(messages, data):
    h, created, host, player = running_match()
    for mapping in messages:
        # Half the time aim the message at the real match, with real-looking values.
        if data.draw(st.booleans()):
            if "match" in mapping:
                mapping["match"] = created["match"]
            if "code" in mapping:
                mapping["code"] = created["code"]
            if "token" in mapping and data.draw(st.booleans()):
                mapping["token"] = created["host_token"]
        if data.draw(st.integers(0, 4)) == 0:
            mapping[data.draw(st.sampled_from(sorted(mapping)))] = data.draw(VALUES)
        try:
            frame = encode(mapping)
        except (TypeError, OverflowError, ValueError):
            continue
        connection = data.draw(st.sampled_from([host, player]))
        h.now += data.draw(st.integers(0, 90))
        for reply in h.send_raw(connection, frame):
            assert reply["type"] in SERVER_MESSAGE_TYPES
            if reply["type"] == "error":
                assert reply["code"] in ERROR_CODES
        h.run_bots()
        h.advance(0)
    match = h.lobby.matches[created["match"]]
    assert match.state.turn >= 1 and set(match.pending) <= {0, 1}
