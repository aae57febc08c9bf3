"""The event log's typed records (server/records.py): every record the server makes is read back to
the same value and written back to the same bytes; junk is refused with a ValueError and nothing
else; a log written in the older forms restores."""

from __future__ import annotations

import dataclasses
import sqlite3
import types
import typing

import msgpack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.lobby import Lobby
from server.records import RECORDS, MatchCreated, Record, record_from_mapping
from server.storage import Store
from tests.server.protocol_frames import session_harness
from tests.wire.wire_strategies import VALUES


def packed(mapping: dict) -> bytes:
    return msgpack.packb(mapping, use_bin_type=True)


def test_every_record_of_a_whole_session_reads_back_and_writes_the_same_bytes():
    h = session_harness()
    kinds = set()
    for (_, stored), (_, typed) in zip(h.records, h.typed_records, strict=True):
        assert record_from_mapping(stored) == typed
        assert packed(typed.to_mapping()) == packed(stored)
        kinds.add(typed.KIND)
    assert {"created", "seated", "vacated", "orders", "ready", "chat", "resolved", "started", "paused", "resumed",
            "extended", "bot", "class-created", "class-joined", "class-announced", "announcement", "ended"} <= kinds


def strategy_for(hint) -> st.SearchStrategy:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is typing.Any:
        return st.none() | st.integers(-9, 9) | st.booleans() | st.text(max_size=4)
    if origin is typing.Union or origin is types.UnionType:
        return st.one_of(*[strategy_for(arg) for arg in args])
    if origin is list:
        return st.lists(strategy_for(args[0]), max_size=3)
    if origin is dict:
        keys = st.from_regex(r"\A[0-7]\Z") if args[1] is str else st.text(max_size=6)
        return st.dictionaries(keys, strategy_for(args[1]), max_size=3)
    return {int: st.integers(-2**63, 2**63 - 1), float: st.floats(allow_nan=False), str: st.text(max_size=12),
            bool: st.booleans(), type(None): st.none()}[hint]


def records_of(cls: type[Record]) -> st.SearchStrategy:
    hints = {k: v for k, v in typing.get_type_hints(cls).items() if typing.get_origin(v) is not typing.ClassVar}
    return st.builds(cls, **{f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(cls)})  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.one_of(*[records_of(cls) for cls in RECORDS.values()]))
def test_any_record_of_any_kind_reads_back_from_its_map(record):
    stored = msgpack.unpackb(packed(record.to_mapping()), raw=False, strict_map_key=False)
    assert record_from_mapping(stored) == record


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(sorted(RECORDS) + ["nope"]), body=VALUES)
def test_junk_is_refused_with_a_value_error_and_nothing_else(kind, body):
    mapping = {**body, "kind": kind} if isinstance(body, dict) else {"kind": kind, "seat": body}
    try:
        record = record_from_mapping(mapping)
    except ValueError:
        return
    assert record.to_mapping() == mapping


def old_log(path) -> None:
    """A log as a server wrote it before fingerprints, open seeds, teachers' aims and teams."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, match TEXT NOT NULL, body BLOB NOT NULL)")
    rows = [
        ("m1", {"kind": "created", "match": "m1", "code": "ABCDEFGH", "scenario": "duel", "seed": 7,
                "seats": [None, "basic"], "turn_seconds": 0, "press": "full", "public": True, "max_missed": 2,
                "host_hash": "h" * 64, "at": 1000.0}),
        ("m1", {"kind": "seated", "seat": 0, "token_hash": "t" * 64, "name": "ann"}),
        ("m1", {"kind": "started", "at": 1001.0}),
        ("m1", {"kind": "chat", "from": 0, "to": None, "text": "hello"}),
        ("m1", {"kind": "orders", "seat": 0, "text": "budget 40/50/10"}),
        ("m1", {"kind": "resolved", "turn": 1, "at": 1002.0, "flagged": [], "orders": {"0": "budget 40/50/10"}}),
        ("c1", {"kind": "class-created", "code": "CLASSXYZ", "name": "Class", "teacher_hash": "k" * 64,
                "matches": [], "open_seats": [], "beliefs": True, "at": 1000.0}),
    ]
    db.executemany("INSERT INTO records (match, body) VALUES (?, ?)", [(m, packed(r)) for m, r in rows])
    db.commit()
    db.close()


def test_a_log_in_the_older_forms_restores(tmp_path):
    old_log(tmp_path / "old.sqlite3")
    store = Store(tmp_path / "old.sqlite3")
    lobby = Lobby()
    assert lobby.restore(store.load()) == {}
    match = lobby.matches["m1"]
    assert match.is_open_seed and match.seed == 7 and match.phase == "running" and match.state.turn == 2
    assert match.seats[0].name == "ann" and [line.text for line in match.chat] == ["hello"]
    assert lobby.classroom.sessions["c1"].aims == () and not lobby.classroom.sessions["c1"].teams
    store.close()


def test_a_record_that_cannot_be_read_leaves_only_its_match_out(tmp_path):
    old_log(tmp_path / "old.sqlite3")
    store = Store(tmp_path / "old.sqlite3")
    store.db.execute("INSERT INTO records (match, body) VALUES (?, ?)", ("m1", packed({"kind": "from-the-future"})))
    lobby = Lobby()
    refused = lobby.restore(store.load())
    assert list(refused) == ["m1"] and "cannot be read" in refused["m1"] and "c1" in lobby.classroom.sessions
    store.close()


@pytest.mark.parametrize("aims", [None, "security", ["revisionist", "security"]])
def test_a_created_record_keeps_its_stored_order_and_leaves_out_aims_unless_set(aims):
    record = MatchCreated("m", "CODE", "duel", "f", 1, [None, None], 0, "full", True, 2, "h", 1.0, aims=aims)
    keys = list(record.to_mapping())
    assert keys[:7] == ["kind", "match", "code", "scenario", "fingerprint", "seed", "open_seed"]
    assert ("aims" in keys) == (aims is not None)
