"""``spiral report`` on bad input: one line, exit status 2, nothing written."""

from __future__ import annotations

import sqlite3

import pytest

from game.cli import main
from server.storage import Store
from tests.server.server_harness import Harness


@pytest.fixture(scope="module")
def lesson_db(tmp_path_factory):
    """A class session of one match, two turns played, in a real event log."""
    h = Harness()
    teacher = h.connect()
    created = h.call(teacher, "class-create", scenarios=["duel"], seats=1, turn_seconds=0)
    student = h.connect()
    joined = h.call(student, "join", code=created["code"], name="ann")
    h.call(teacher, "class-teach", session=created["session"], token=created["teacher_token"], action="start")
    for _ in range(2):
        h.call(teacher, "class-teach", session=created["session"], token=created["teacher_token"], action="advance")
    path = tmp_path_factory.mktemp("db") / "log.sqlite3"
    store = Store(path)
    store.append(h.typed_records)
    store.close()
    return path, created, joined


def run_report(capsys, *args):
    status = main(["report", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.err.strip()


def test_a_match_report_by_id_or_code(tmp_path, capsys, lesson_db):
    db, created, joined = lesson_db
    for match in (joined["match"], created["matches"][0]["code"]):
        status, err = run_report(capsys, "--db", db, "--match", match, "--out", tmp_path / match)
        assert status == 0, err
        assert sorted(p.name for p in (tmp_path / match).iterdir()) == [
            "match-1.png", "reads.csv", "report.html", "turns.csv", "worlds.csv", "worlds.png"]


def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys, lesson_db):
    db, created, _ = lesson_db
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE other (x)").connection.commit()
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, but long enough to look like one" * 20)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    cases = [
        (("--db", tmp_path / "missing.sqlite3", "--session", created["session"]), "no database at"),
        (("--db", foreign, "--session", created["session"]), "is not a Spiral server's event log"),
        (("--db", text, "--session", created["session"]), "is not a Spiral server's event log"),
        (("--db", db, "--session", "nosuchsession"), "no class session 'nosuchsession'"),
        (("--db", db, "--match", "nosuchmatch"), "no match 'nosuchmatch'"),
    ]
    for args, expected in cases:
        out = tmp_path / "out"
        status, err = run_report(capsys, *args, "--out", out)
        assert status == 2 and expected in err and len(err.splitlines()) == 1, (args, err)
        assert not out.exists()
    status, err = run_report(capsys, "--db", db, "--session", created["session"], "--out", blocker / "report")
    assert status == 2 and err.startswith("spiral: cannot write") and len(err.splitlines()) == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "foreign.sqlite3", "notes.txt"]
