"""A server's event log, read back for the debrief: typed match and class-session logs.

``read_log(path)`` opens a ``spiral serve`` database read-only and returns its records;
``match_log(records, match)`` and ``session_log(records, session)`` gather what the debrief needs
of one match or one class session. Nothing here writes to the database.

    DebriefError (ValueError)   a missing or foreign database, an unknown session or match
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgpack

from game.rules.injects import InjectKind

Record = tuple[str, dict[str, Any]]


class DebriefError(ValueError):
    """Input the debrief cannot use; the message says which and why, in one line."""


@dataclass(frozen=True, slots=True)
class BeliefNote:
    """One seat's record for one turn (see the ``beliefs`` message): intent and reads of rivals."""

    turn: int
    seat: int
    intent: str
    reads: tuple[tuple[int, float, bool], ...]  # (rival, P(revisionist), will attack me)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> BeliefNote:
        steps = 4  # the wire's 5-step scale: step k is k/4
        return cls(record["turn"], record["seat"], record["intent"],
                   tuple((int(r), int(s) / steps, bool(a)) for r, s, a in record["reads"]))


@dataclass(frozen=True, slots=True)
class InjectNote:
    """A teacher's inject (RULES §11.5), as the match's log holds it: sent while ``turn`` was awaited."""

    turn: int
    kind: InjectKind
    about: int | None  # None: the match's seed drew the seat


@dataclass(frozen=True, slots=True)
class MatchLog:
    """What the log holds about one match: enough to replay it and to say who played each seat."""

    match: str
    scenario: str
    seed: int
    orders: tuple[tuple[int, dict[int, str]], ...]  # per turn resolved: (turn, {seat: order text})
    players: tuple[str, ...]  # per seat: the player's name, or "bot NAME" (the last who held it)
    beliefs: tuple[BeliefNote, ...]
    announcements: tuple[tuple[int, str], ...]  # (turn, text)
    ended_early: bool  # the teacher ended it before its last turn
    aims: str | tuple[str, ...] = "scenario"  # as new_game takes them: the teacher's choice, if any
    injects: tuple[InjectNote, ...] = ()  # in the order sent


@dataclass(frozen=True, slots=True)
class SessionLog:
    session: str
    name: str
    code: str
    matches: tuple[str, ...]


def read_log(path: str | Path) -> list[Record]:
    """Every record of a ``spiral serve`` database, in order.

    Raises:
        DebriefError: the file is missing, not SQLite, or not a Spiral event log.
    """
    path = Path(path)
    if not path.is_file():
        raise DebriefError(f"no database at {path}")
    try:
        db = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            rows = db.execute("SELECT match, body FROM records ORDER BY seq").fetchall()
        finally:
            db.close()
        return [(key, msgpack.unpackb(body, raw=False, strict_map_key=False)) for key, body in rows]
    except (sqlite3.Error, ValueError, msgpack.UnpackException) as problem:
        raise DebriefError(f"{path} is not a Spiral server's event log ({problem})") from None


def session_log(records: list[Record], session: str) -> SessionLog:
    """The class session ``session`` (its id or its class code).

    Raises:
        DebriefError: no such session in the log.
    """
    for key, record in records:
        if record.get("kind") == "class-created" and session in (key, record.get("code")):
            return SessionLog(key, record["name"], record["code"], tuple(record["matches"]))
    raise DebriefError(f"the log holds no class session {session!r}")


def match_log(records: list[Record], match: str) -> MatchLog:
    """The match ``match`` (its id or its join code).

    Raises:
        DebriefError: no such match in the log.
    """
    created = next((r for key, r in records if r.get("kind") == "created" and match in (key, r.get("code"))), None)
    if created is None:
        raise DebriefError(f"the log holds no match {match!r}")
    match_id = created["match"]
    players = [f"bot {bot}" if bot else "open" for bot in created["seats"]]
    orders, beliefs, announcements, injects, turn, ended = [], [], [], [], 1, False
    for key, record in records:
        if key != match_id:
            continue
        kind = record["kind"]
        if kind in ("seated", "claimed"):
            players[record["seat"]] = record["name"]
        elif kind == "bot":
            players[record["seat"]] = f"bot {record['bot']}"
        elif kind == "started":
            players = [p if p != "open" else "bot basic" for p in players]
        elif kind == "resolved":
            orders.append((record["turn"], {int(seat): text for seat, text in record["orders"].items()}))
            turn = record["turn"] + 1
        elif kind == "belief":
            beliefs.append(BeliefNote.from_record(record))
        elif kind == "announcement":
            announcements.append((turn, record["text"]))
        elif kind == "inject":
            injects.append(InjectNote(turn, InjectKind.from_mapping(record["inject"]), record["about"]))
        elif kind == "ended":
            ended = True
    aims = created.get("aims", "scenario")  # absent: made before teachers could set aims
    return MatchLog(match_id, created["scenario"], created["seed"], tuple(orders), tuple(players), tuple(beliefs),
                    tuple(announcements), ended, aims if isinstance(aims, str) else tuple(aims), tuple(injects))


def class_students(records: list[Record], session: SessionLog) -> dict[tuple[str, int], str]:
    """(match, seat) -> the pseudonym of the student seated there by the class session."""
    return {(r["match"], r["seat"]): r["name"] for key, r in records
            if key == session.session and r.get("kind") == "class-joined"}
