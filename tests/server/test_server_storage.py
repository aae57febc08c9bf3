"""The event log: records come back in order whatever checkpoints ran, in whichever thread."""

from __future__ import annotations

import asyncio
import threading

import server.app as app
from server.app import SpiralServer
from server.records import ChatPosted
from server.storage import Store
from tests.server.client_helpers import Client


def records(start: int, count: int) -> list[tuple[str, ChatPosted]]:
    return [("m", ChatPosted(0, None, f"line {n}")) for n in range(start, start + count)]


def test_checkpoints_from_another_thread_and_wal_restarts_keep_every_record(tmp_path):
    store = Store(tmp_path / "log.sqlite3")
    store.take_over_checkpoints()
    written = []
    for round_ in range(6):
        batch = records(len(written), 50)
        store.append(batch)
        written += batch
        if round_ % 2:
            pages = []
            checkpointer = threading.Thread(target=lambda: pages.append(store.checkpoint()))
            checkpointer.start()
            checkpointer.join()
            assert pages[0] > 0
        else:
            store.restart_wal()
    store.close()
    again = Store(tmp_path / "log.sqlite3")
    assert again.load() == [(match, record.to_mapping()) for match, record in written]
    again.close()


class FakeStore:
    """A store that notes what the server asks of it; its WAL is as long as ``wal_pages`` says."""

    def __init__(self, wal_pages: int) -> None:
        self.wal_pages = wal_pages
        self.calls: list[str] = []

    def load(self) -> list:
        return []

    def take_over_checkpoints(self) -> None:
        self.calls.append("take over")

    def append(self, records) -> None:
        self.calls.append("append")

    def checkpoint(self) -> int:
        self.calls.append("checkpoint")
        return self.wal_pages

    def restart_wal(self) -> None:
        self.calls.append("restart")

    def close(self) -> None:
        self.calls.append("close")


def test_the_server_checkpoints_in_a_thread_and_restarts_a_wal_that_grew_too_long(monkeypatch):
    monkeypatch.setattr(app, "CHECKPOINT_PAGES", 2)
    monkeypatch.setattr(app, "WAL_LIMIT_PAGES", 100)
    store = FakeStore(wal_pages=150)  # the checkpoint could not catch up: the WAL kept growing

    async def main():
        server = SpiralServer(store)
        for _ in range(2):
            server._pending_records.append(("m", ChatPosted(0, None, "hi")))
            server._commit_round()
        assert server._checkpoint is not None
        await server._checkpoint
        await asyncio.sleep(0)  # its done callback
        server._pending_records.append(("m", ChatPosted(0, None, "hi")))
        server._commit_round()
        await server.stop()

    asyncio.run(main())
    assert store.calls == ["take over", "append", "append", "checkpoint", "append", "restart", "close"]


def test_the_server_loses_no_acknowledged_message_while_checkpoints_run(tmp_path, monkeypatch):
    monkeypatch.setattr(app, "CHECKPOINT_PAGES", 2)
    monkeypatch.setattr(app, "WAL_LIMIT_PAGES", 6)

    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            host = await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, "basic"], seed=2, turn_seconds=0)
            player = await Client.open(port)
            await player.call("join", code=created["code"], name="ann")
            for n in range(30):
                assert (await player.call("chat", match=created["match"], text=f"line {n}"))["type"] == "chat"
            return created["match"]
        finally:
            await server.stop()

    match = asyncio.run(asyncio.wait_for(main(), 20))
    store = Store(tmp_path / "log.sqlite3")
    chat = [r["text"] for m, r in store.load() if m == match and r["kind"] == "chat"]
    store.close()
    assert chat == [f"line {n}" for n in range(30)]
