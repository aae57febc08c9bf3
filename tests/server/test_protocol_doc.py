"""docs/PROTOCOL.md names every field of every server message, and nothing else: checked on real frames.

The section "Server messages, field by field" has a table per message type and per structure
(``PlayerView``, ``Unit``...). Every field a table names must occur in the frames of a scripted
session (tests/server/protocol_frames.py), and every field of those frames must be named. The
class-session answers (``class-*``, ``beliefs-ack``) are documented in the Classroom section's
own table and are not checked here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.server.protocol_frames import session_frames, structures

DOC = Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"
ENVELOPE = {"type", "id"}


def documented() -> dict[str, set[str]]:
    """Per message type or structure, the fields its table names."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Server messages, field by field", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, set[str]] = {}
    for block in section.split("\n### ")[1:]:
        heading, _, body = block.partition("\n")
        name = heading.strip().strip("`")
        rows: list[str] = []
        for line in body.splitlines():  # the first table only (Event's details table follows its own)
            if line.startswith("|"):
                rows.append(line)
            elif rows:
                break
        rows = [row for row in rows if row.startswith("| `")]
        if rows:
            tables[name] = {re.match(r"\| `([^`]+)`", row).group(1) for row in rows}
    return tables


def event_details_documented() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("Event details by kind", 1)[1].split("\n\n###", 1)[0]
    kinds: dict[str, set[str]] = {}
    for row in table.splitlines():
        if not row.startswith("| `"):
            continue
        names, details = row.split("|")[1:3]
        for kind in re.findall(r"`([^`]+)`", names):
            kinds[kind] = set(re.findall(r"`([a-z_]+)`", details))
    return kinds


@pytest.fixture(scope="module")
def found():
    return structures(session_frames())


def test_every_frame_field_is_documented_and_every_documented_field_occurs(found):
    tables = documented()
    checked = 0
    for name, items in found.items():
        if name.startswith("class-") or name == "beliefs-ack":
            continue
        assert name in tables, f"PROTOCOL.md has no table for {name!r}"
        seen = set().union(*(set(item) for item in items)) - (ENVELOPE if name[0].islower() else set())
        assert seen <= tables[name], f"{name}: fields sent but not documented: {sorted(seen - tables[name])}"
        assert tables[name] <= seen, f"{name}: documented fields never sent: {sorted(tables[name] - seen)}"
        checked += 1
    missing = set(tables) - set(found)
    assert not missing, f"documented but never seen in the session: {sorted(missing)}"
    assert checked >= 25


def test_event_details_are_documented_for_every_kind_seen(found):
    kinds = event_details_documented()
    assert {"battle", "income", "captured", "mole", "built"} <= set(kinds)
    for event in found["Event"]:
        assert event["kind"] in kinds, event["kind"]
        assert set(event["details"]) <= kinds[event["kind"]] | {"rivals", "units"}, event


def test_every_error_code_is_in_the_doc_table():
    from game.wire import ERROR_CODES
    text = DOC.read_text(encoding="utf-8")
    for code in ERROR_CODES:
        assert f"`{code}`" in text, code
