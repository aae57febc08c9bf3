"""Crash recovery: a server subprocess killed with SIGKILL loses nothing it acknowledged.

One match has two players who give orders and chat (each acknowledged); another is
all bots and runs as fast as it can, and the kill lands in the middle of it.
After a restart on the same event log, the players rejoin with their tokens and find
their turn, pending orders and chat; the first match's state hash equals a replay of
the acknowledged orders; the bot match finishes with the same hash as an unbroken run.
"""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.assets import load_scenario
from game.selfplay import replay
from server.lobby import Lobby
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness

ROOT = Path(__file__).resolve().parents[2]


def start_server(db: Path) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-m", "game.cli", "serve", "--port", "0", "--db", str(db)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    found = re.search(r":(\d+) ", line)
    assert found, line
    return process, int(found.group(1))


def reference_bot_hash() -> str:
    h = Harness()
    host = h.connect()
    created = h.call(host, "create", scenario="duel", seats=["basic", "random"], seed=9, turn_seconds=0)
    h.call(host, "host", match=created["match"], token=created["host_token"], action="start")
    for _ in range(100):
        h.run_bots()
    return h.lobby.matches[created["match"]].state.state_hash()


@pytest.mark.parametrize("kill_after_turns", [3, 11])
def test_kill_9_and_restart_lose_nothing_acknowledged(tmp_path, kill_after_turns):
    db = tmp_path / "log.sqlite3"
    process, port = start_server(db)
    sent: list[dict[int, str]] = []

    async def before_kill():
        host = await Client.open(port)
        created = await host.call("create", scenario="duel", seats=[None, None], seed=6, turn_seconds=3600)
        a, b = await Client.open(port), await Client.open(port)
        ja = await a.call("join", code=created["code"], name="ann")
        jb = await b.call("join", code=created["code"], name="bob")
        await host.call("host", match=created["match"], token=created["host_token"], action="start")
        bots = await host.call("create", scenario="duel", seats=["basic", "random"], seed=9, turn_seconds=0)
        for turn in range(3):
            view = (await a.call("sync", match=created["match"]))["view"]
            stamp = {"match": created["match"], "turn": view["turn"], "version": view["version"]}
            texts = {0: "budget 20/70/10" if turn % 2 else "budget 30/60/10", 1: "budget 60/30/10"}
            assert (await a.call("orders", orders=texts[0], **stamp))["type"] == "ack"
            assert (await b.call("orders", orders=texts[1], **stamp))["type"] == "ack"
            if turn == 2:
                break  # the last orders stay pending, with a chat line
            sent.append(texts)
            await a.call("ready", ready=True, **stamp)
            await b.call("ready", ready=True, **stamp)
            await a.until(lambda m: m["type"] == "turn")
        assert (await b.call("chat", match=created["match"], to=0, text="trust me"))["type"] == "chat"
        await host.call("spectate", code=bots["code"])
        await host.call("host", match=bots["match"], token=bots["host_token"], action="start")
        for _ in range(kill_after_turns):  # the kill lands in the middle of the bot match
            await host.until(lambda m: m["type"] == "turn")
        return created, bots, ja, jb, texts

    created, bots, ja, jb, pending = asyncio.run(before_kill())
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)

    restarted, port = start_server(db)
    try:
        async def after_restart():
            a = await Client.open(port)
            assert (await a.call("rejoin", match=created["match"], token=ja["token"]))["seat"] == 0
            sync = await a.until(lambda m: m["type"] == "sync")
            await a.close()
            watcher = await Client.open(port)  # the bot match goes on by itself, to the end
            await watcher.call("spectate", code=bots["code"])
            await watcher.until(lambda m: m["type"] == "reveal" or (m["type"] == "sync" and m["phase"] == "over"))
            await watcher.close()
            return sync
        sync = asyncio.run(after_restart())
        assert sync["orders"] == pending[0] and sync["view"]["turn"] == 3 and sync["deadline"] is not None
        assert [c["text"] for c in sync["chat"]] == ["trust me"]
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(timeout=10) == 0

    lobby = Lobby()
    store = Store(db)
    lobby.restore(store.load())
    store.close()
    match = lobby.matches[created["match"]]
    expected = replay(load_scenario("duel"), 6, sent)[-1]
    assert match.state.state_hash() == expected and match.pending == pending
    bot_match = next(m for m in lobby.matches.values() if m.id != created["match"])
    assert bot_match.phase == "over" and bot_match.state.state_hash() == reference_bot_hash()
