"""The typed server messages: every real frame reads back to its type and writes back to the same map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.wire import SERVER_MESSAGES, WireError, decode_server_frame, encode, parse_server_message
from game.wire.class_messages import parse_any_server_message
from game.wire.class_messages import to_mapping as class_mapping
from game.wire.server_messages import ChatLine, MatchEvent, MatchReveal, SeatInfo, to_mapping
from tests.server.protocol_frames import session_frames
from tests.wire.wire_strategies import VALUES


def test_every_frame_of_a_session_is_a_typed_message_that_round_trips():
    seen = set()
    for frame in session_frames():
        message = parse_any_server_message(frame)
        assert type(message).TYPE == frame["type"]
        assert encode(to_mapping(message) if frame["type"] in SERVER_MESSAGES else class_mapping(message)) == encode(frame)
        seen.add(frame["type"])
    assert seen >= set(SERVER_MESSAGES)  # and the class answers the scripted session makes


def reveal_frame() -> dict:
    return next(frame for frame in session_frames() if frame["type"] == "reveal")


def test_the_reveal_is_typed_where_a_client_reads_it_and_passes_the_rest_through():
    frame = reveal_frame()
    reveal = parse_server_message(frame).reveal
    assert [(p.id, p.name, p.aim) for p in reveal.players] == [(p["id"], p["name"], p["aim"])
                                                               for p in frame["reveal"]["players"]]
    assert reveal.scores == dict(map(tuple, frame["reveal"]["scores"]))
    assert reveal.history is not None and [row.to_mapping() for row in reveal.history] == frame["reveal"]["history"]
    assert reveal.to_mapping() == frame["reveal"] and "seed" not in reveal.state
    older = {key: value for key, value in frame["reveal"].items() if key != "history"}
    assert MatchReveal.from_mapping(older).history is None  # a server that sends no history


@settings(max_examples=200, deadline=None)
@given(st.data(), VALUES)
def test_a_reveal_with_junk_anywhere_a_client_reads_is_refused_with_a_wire_error(data, junk):
    reveal = reveal_frame()["reveal"]
    key = data.draw(st.sampled_from(["players", "scores", "history"]))
    changed = {**reveal, key: junk}
    if isinstance(reveal[key], list) and reveal[key]:
        at = data.draw(st.integers(0, len(reveal[key]) - 1))
        changed[key] = [*reveal[key][:at], junk, *reveal[key][at + 1:]]
    try:
        read = MatchReveal.from_mapping(changed)
    except WireError:
        return
    assert read.to_mapping() == changed


def test_nested_structures_are_typed():
    frame = {"type": "chat", "id": None, "match": "m", "line": {"turn": 2, "from": 1, "to": None, "text": "hi"}}
    message = parse_server_message(frame)
    assert message.line == ChatLine(2, 1, None, "hi")
    assert SeatInfo.from_mapping({"seat": 0, "name": None, "bot": "basic", "taken": True, "missed": 0}).bot == "basic"


def test_an_event_sends_phase_and_deadline_only_for_host_actions():
    assert to_mapping(MatchEvent(None, "m", "joined", seat=1, name="ann")) == {
        "type": "event", "id": None, "match": "m", "kind": "joined", "seat": 1, "name": "ann"}
    assert to_mapping(MatchEvent(None, "m", "pause", phase="paused", deadline=None))["deadline"] is None


@pytest.mark.parametrize("frame, code", [
    ({"type": "nope"}, "unknown-type"),
    ({"type": "ack", "id": 1, "match": "m", "turn": 1, "version": 0}, "bad-message"),  # orders missing
    ({"type": "ack", "id": 1, "match": "m", "turn": "1", "version": 0, "orders": ""}, "bad-message"),
    ({"type": "ack", "id": 1, "match": "m", "turn": 1, "version": 0, "orders": "", "extra": 1}, "bad-message"),
    ({"type": "ready-ack", "id": 1, "match": "m", "turn": 1, "version": True, "ready": True}, "bad-message"),
    ({"type": "chat", "id": None, "match": "m", "line": {"turn": 1, "from": 0, "to": None}}, "bad-message"),
    ({"type": "sync", "id": None, "match": "m"}, "bad-message"),
])
def test_malformed_frames_are_refused_with_a_code(frame, code):
    with pytest.raises(WireError) as refused:
        parse_server_message(frame)
    assert refused.value.code == code


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_junk_is_refused_with_a_wire_error_or_read_never_anything_else(value):
    for kind in SERVER_MESSAGES:
        mapping = {**value, "type": kind} if isinstance(value, dict) else {"type": kind, "id": value}
        try:
            parse_server_message(mapping)
        except WireError:
            pass


def test_decoded_frames_parse_too():
    frame = encode({"type": "left", "id": 3, "match": "m"})
    assert parse_server_message(decode_server_frame(frame)).match == "m"
