"""The event log: every match record, in order, in one SQLite file (WAL).

A record is committed before anything that answers it is sent (see ``server.app``),
so after a crash the log holds every acknowledged order and message. WAL with
``synchronous=NORMAL`` keeps committed transactions through a killed process (only
an operating-system crash or power loss could cost the last few), and many records
go into one transaction: that is the group commit that makes durable acks cheap.

A commit only appends to the ``-wal`` file; the slow part (milliseconds to tens of
milliseconds, for its fsync) is the checkpoint that copies the WAL into the database.
SQLite runs it inside whichever commit fills the WAL, which would stall everything
waiting on that commit, so the adapter calls ``take_over_checkpoints`` and runs
``checkpoint`` in a thread of its own, and ``restart_wal`` now and then.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import msgpack

from server.records import AnyRecord

# ``seq`` is the rowid, one more than the largest so far (only an expired lobby's records are deleted). Not
# AUTOINCREMENT: that writes a second page (sqlite_sequence) with every commit, which doubles the
# WAL's growth and the checkpoints' work. Files made before keep AUTOINCREMENT; both read the same.
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,
    match TEXT NOT NULL,
    body BLOB NOT NULL
);
"""


class Store:
    """One SQLite database. Use from one thread at a time, except ``checkpoint`` (see there)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._checkpointer: sqlite3.Connection | None = None
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def append(self, records: list[tuple[str, AnyRecord]], *, drop: tuple[str, ...] = ()) -> None:
        """Commit records, then delete every record of the matches in ``drop``, in one transaction;
        when this returns the change survives a crash of the process."""
        if not records and not drop:
            return
        rows = [(match, msgpack.packb(record.to_mapping(), use_bin_type=True)) for match, record in records]
        self.db.execute("BEGIN")
        try:
            self.db.executemany("INSERT INTO records (match, body) VALUES (?, ?)", rows)
            if drop:  # one scan of the table for all of them (there is no index on ``match``: it would
                #       cost every insert, and lobbies expire seldom and together)
                marks = ", ".join("?" * len(drop))
                self.db.execute(f"DELETE FROM records WHERE match IN ({marks})", tuple(drop))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def load(self) -> list[tuple[str, dict[str, Any]]]:
        """Every committed record, in the order it was written, as its stored map (read with
        ``server.records.record_from_mapping``)."""
        rows = self.db.execute("SELECT match, body FROM records ORDER BY seq").fetchall()
        return [(match, msgpack.unpackb(body, raw=False, strict_map_key=False)) for match, body in rows]

    def take_over_checkpoints(self) -> None:
        """From now on ``append`` never checkpoints: the caller calls ``checkpoint`` and ``restart_wal``."""
        self.db.execute("PRAGMA wal_autocheckpoint=0")

    def checkpoint(self) -> int:
        """Copy what the WAL holds into the database file, without blocking ``append``; the WAL's length.

        Passive, through a connection of its own: it may run in another thread than every other
        method (one thread at a time). The WAL starts over at the next ``append`` only if nothing was
        appended meanwhile; the length returned (in pages) tells when to ``restart_wal``.
        """
        if self.path == ":memory:":
            return 0
        if self._checkpointer is None:
            self._checkpointer = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        _, wal_pages, _ = self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return int(wal_pages)

    def restart_wal(self) -> None:
        """Copy the rest of the WAL into the database, so that the next ``append`` writes the WAL from
        its start (the file keeps its length, to be written over). Not while ``checkpoint`` runs."""
        self.db.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()

    def close(self) -> None:
        """Close the database (once no ``checkpoint`` runs)."""
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.db.close()
