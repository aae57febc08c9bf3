"""The codec and the message schema: round trips, limits, and fuzzing with hypothesis.

Whatever bytes or maps a client sends, decoding and parsing either succeed or raise
``WireError`` with a code from the closed set: never anything else.
"""

from __future__ import annotations

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.wire import (
    ERROR_CODES,
    MAX_CLIENT_FRAME,
    MAX_DEPTH,
    WireError,
    decode_frame,
    encode,
    parse_client_message,
    to_mapping,
)
from tests.wire.wire_strategies import VALUES, valid_messages

# --- examples ---------------------------------------------------------------------------------


def test_a_message_round_trips():
    sent = {"type": "orders", "id": 7, "match": "m1", "turn": 3, "version": 2, "orders": "budget 40/40/20"}
    message = parse_client_message(decode_frame(encode(sent)))
    assert message.turn == 3 and to_mapping(message) == sent


@pytest.mark.parametrize("frame, code", [
    (b"\xc1", "bad-frame"),  # a byte MessagePack never uses
    (b"", "bad-frame"),
    (b"\x81", "bad-frame"),  # truncated
    (msgpack.packb({"type": "hello"}) + b"\x00", "bad-frame"),  # trailing data
    (msgpack.packb({1: 2}), "bad-frame"),  # non-string key
    (msgpack.packb({"type": b"hello"}, use_bin_type=True), "bad-frame"),  # binary
    (msgpack.packb(msgpack.ExtType(5, b"x")), "bad-frame"),
    (msgpack.packb([1, 2, 3]), "bad-message"),  # not a map
    (msgpack.packb({"type": "launch"}), "unknown-type"),
    (msgpack.packb({"id": 1}), "unknown-type"),
    (msgpack.packb({"type": "hello", "id": 1}), "bad-message"),  # protocol missing
    (msgpack.packb({"type": "hello", "id": 1, "protocol": True}), "bad-message"),  # bool is not int
    (msgpack.packb({"type": "hello", "id": -1, "protocol": 1}), "bad-message"),
    (msgpack.packb({"type": "hello", "id": 1, "protocol": 1, "evil": 1}), "bad-message"),
    (msgpack.packb({"type": "create", "id": 1, "scenario": "duel", "seats": [None] * 9}), "bad-message"),
    (msgpack.packb({"type": "create", "id": 1, "scenario": "duel", "seats": [None, 3]}), "bad-message"),
    (msgpack.packb({"type": "create", "id": 1, "scenario": "duel", "seats": [None], "press": "loud"}),
     "bad-message"),
    (msgpack.packb({"type": "chat", "id": 1, "match": "m", "text": "x" * 2001}), "bad-message"),
])
def test_refusals_have_codes(frame, code):
    with pytest.raises(WireError) as caught:
        parse_client_message(decode_frame(frame))
    assert caught.value.code == code


def test_limits_on_size_and_depth():
    with pytest.raises(WireError, match="over the limit"):
        decode_frame(b"\x00" * (MAX_CLIENT_FRAME + 1))
    nested: object = 1
    for _ in range(MAX_DEPTH + 1):
        nested = [nested]
    with pytest.raises(WireError, match="deeper"):
        decode_frame(msgpack.packb({"a": nested}))
    # The unpacker's own stack limit, far deeper: still a WireError, not a crash.
    with pytest.raises(WireError):
        decode_frame(b"\x91" * 60000)
    with pytest.raises(WireError):
        decode_frame(msgpack.packb({"a": list(range(5000))}))
    with pytest.raises(WireError):
        decode_frame("text frame")


# --- fuzzing ----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_raw_bytes_never_escape_as_anything_but_wire_errors(data):
    try:
        parse_client_message(decode_frame(data))
    except WireError as error:
        assert error.code in ERROR_CODES


@settings(max_examples=300, deadline=None)
@given(valid_messages())
def test_every_valid_message_parses_and_round_trips(mapping):
    message = parse_client_message(decode_frame(encode(mapping)))
    assert message.TYPE == mapping["type"]
    assert to_mapping(message) == {k: v for k, v in mapping.items() if v is not None}


@settings(max_examples=200, deadline=None)
@given(valid_messages(), st.data())
def test_any_field_replaced_with_junk_is_refused_or_still_valid(mapping, data):
    name = data.draw(st.sampled_from(sorted(mapping)))
    mapping[name] = data.draw(VALUES)
    try:
        frame = encode(mapping)
    except (TypeError, OverflowError, ValueError):
        return  # not encodable: a client could not send it either
    try:
        message = parse_client_message(decode_frame(frame))
    except WireError as error:
        assert error.code in ERROR_CODES
        return
    # Accepted: then every field really has its declared type and range.
    for field_name, spec in type(message).SPECS.items():
        value = getattr(message, field_name)
        assert value is None or type(value) is spec.kind


# --- control characters in text -------------------------------------------------------------------

@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31mred", "evil\u202eexe.txt", "two\nlines", "cr\r", "tab\there",
                                  "del\x7f", "c1\x85", "zero\u200bwidth", "iso\u2066late", "line\u2028sep", "\ufeffbom"])
@pytest.mark.parametrize("kind, field", [("hello", "name"), ("join", "name"), ("chat", "text"), ("join", "code")])
def test_control_and_format_characters_are_refused_in_every_text_field(kind, field, text):
    mapping = {"hello": {"type": "hello", "id": 1, "protocol": 1},
               "join": {"type": "join", "id": 1, "code": "ABC", "name": "ann"},
               "chat": {"type": "chat", "id": 1, "match": "m", "text": "hi"}}[kind]
    with pytest.raises(WireError) as refused:
        parse_client_message({**mapping, field: text})
    assert refused.value.code == "bad-message" and "control character" in str(refused.value)


@pytest.mark.parametrize("text", ["Zoë", "李小龙", "محمد", "family 👨\u200d👩\u200d👧", "ﾃｽﾄ", "a\u00a0b", "全角\u3000空白"])
def test_names_and_chat_in_any_script_pass(text):
    assert parse_client_message({"type": "join", "id": 1, "code": "ABC", "name": text}).name == text
    assert parse_client_message({"type": "chat", "id": 1, "match": "m", "text": text}).text == text


def test_orders_may_hold_line_breaks_and_tabs_but_no_other_control():
    base = {"type": "orders", "id": 1, "match": "m", "turn": 1, "version": 0}
    assert parse_client_message({**base, "orders": "budget 40/40/20\r\n\tbuild infantry at 0,4"})
    with pytest.raises(WireError):
        parse_client_message({**base, "orders": "budget 40/40/20\x00"})
