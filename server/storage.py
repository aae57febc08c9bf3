"""The event log: every match record, in order, in one SQLite file (WAL).

A record is committed before anything that answers it is sent (see ``server.app``),
so after a crash the log holds every acknowledged order and message. WAL with
``synchronous=NORMAL`` keeps committed transactions through a killed process (only
an operating-system crash or power loss could cost the last few), and many records
go into one transaction: that is the group commit that makes durable acks cheap.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import msgpack

# ``seq`` is the rowid, one more than the largest so far (records are never deleted). Not
# AUTOINCREMENT: that writes a second page (sqlite_sequence) with every commit, which doubles the
# WAL's growth and so how often a commit stalls on a checkpoint. Older files keep AUTOINCREMENT.
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,
    match TEXT NOT NULL,
    body BLOB NOT NULL
);
"""


class Store:
    """One SQLite database. Use from one thread at a time (the adapter gives it a thread of its own)."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def append(self, records: list[tuple[str, dict[str, Any]]]) -> None:
        """Commit records in one transaction; when this returns they survive a crash of the process."""
        if not records:
            return
        rows = [(match, msgpack.packb(record, use_bin_type=True)) for match, record in records]
        self.db.execute("BEGIN")
        try:
            self.db.executemany("INSERT INTO records (match, body) VALUES (?, ?)", rows)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def load(self) -> list[tuple[str, dict[str, Any]]]:
        """Every committed record, in the order it was written."""
        rows = self.db.execute("SELECT match, body FROM records ORDER BY seq").fetchall()
        return [(match, msgpack.unpackb(body, raw=False, strict_map_key=False)) for match, body in rows]

    def close(self) -> None:
        self.db.close()
