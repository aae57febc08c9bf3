"""The secret seed never leaves the server (RULES §14.1); an open seed is told to everyone."""

from __future__ import annotations

import asyncio
from typing import Any

from game.wire import decode_server_frame
from server.app import SpiralServer
from server.lobby import Lobby
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness


def integers_in(value: Any) -> set[int]:
    """Every integer anywhere in a decoded frame, keys included."""
    found: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            found.add(item)
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            stack += item
    return found


def test_no_frame_to_the_creator_a_seat_or_a_spectator_carries_a_secret_seed():
    h = Harness()
    host = h.connect()
    created = h.call(host, "create", scenario="duel", seats=[None, "basic"], turn_seconds=0)
    match = h.lobby.matches[created["match"]]
    assert created["seed"] is None and not match.is_open_seed
    player, watcher = h.connect(), h.connect()
    h.call(player, "join", code=created["code"], name="ann")
    h.call(watcher, "spectate", code=created["code"])
    assert all(m["seed"] is None for m in h.call(host, "list")["matches"])
    h.call(host, "host", match=match.id, token=created["host_token"], action="start")
    while match.phase != "over":
        h.advance(1)  # keeps the player under the rate limit
        h.run_bots()
        view = [m["view"] for m in h.messages(player) if m["type"] in ("sync", "turn")][-1]
        h.call(player, "ready", match=match.id, turn=view["turn"], version=view["version"], ready=True)
        h.call(player, "sync", match=match.id)
        h.call(player, "history", match=match.id)
    for connection in (host, player, watcher):
        frames = h.messages(connection)
        assert connection == host or any(m["type"] == "reveal" for m in frames)
        for message in frames:
            assert match.seed not in integers_in(message), message["type"]
    # Not even the reveal carries it (RULES §14.1), nor a sync after the end.
    assert h.call(watcher, "sync", match=match.id)["seed"] is None


def test_the_server_draws_a_secret_seed_from_its_random_source_each_time():
    seeds = set()
    for _ in range(3):
        lobby = Lobby()  # the default source: the operating system's randomness
        h = Harness()
        h.lobby = lobby
        c = h.connect()
        seeds.add(lobby.matches[h.call(c, "create", scenario="duel", seats=[None, None])["match"]].seed)
    assert len(seeds) == 3


def test_an_open_seed_is_told_to_the_creator_the_list_every_joiner_and_spectator():
    h = Harness()
    host = h.connect()
    created = h.call(host, "create", scenario="duel", seats=[None, None], seed=7)
    assert created["seed"] == 7 and h.lobby.matches[created["match"]].is_open_seed
    assert [m["seed"] for m in h.call(host, "list")["matches"]] == [7]
    player, watcher = h.connect(), h.connect()
    h.call(player, "join", code=created["code"], name="ann")
    assert [m["seed"] for m in h.messages(player) if m["type"] == "sync"] == [7]
    h.call(watcher, "spectate", code=created["code"])
    assert [m["seed"] for m in h.messages(watcher) if m["type"] == "sync"] == [7]


def test_a_restored_match_keeps_its_seed_secret_or_open():
    h = Harness()
    c = h.connect()
    secret = h.call(c, "create", scenario="duel", seats=[None, None])["match"]
    open_ = h.call(c, "create", scenario="duel", seats=[None, None], seed=11)["match"]
    restored = Lobby()
    restored.restore(h.records)
    assert not restored.matches[secret].is_open_seed and restored.matches[secret].public_seed is None
    assert restored.matches[open_].public_seed == 11
    assert restored.matches[secret].seed == h.lobby.matches[secret].seed


def test_over_real_sockets_the_creator_and_a_joiner_never_see_a_secret_seed(tmp_path):
    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            host = await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, None], turn_seconds=0)
            listed = await host.call("list")
            player = await Client.open(port)
            await player.call("join", code=created["code"], name="ann")
            await player.until(lambda m: m["type"] == "sync")
            seed = server.lobby.matches[created["match"]].seed
            for message in [*host.seen, *player.seen, listed]:
                assert seed not in integers_in(message), message
            raw = await player.call("sync", match=created["match"])
            assert raw["seed"] is None and seed not in integers_in(raw)
            await host.close()
            await player.close()
        finally:
            await server.stop()
    asyncio.run(asyncio.wait_for(main(), 20))


def test_decode_helper_sees_nested_integers():
    assert integers_in(decode_server_frame(b"\x81\xa1a\x92\x01\x81\xa1b\x05")) == {1, 5}
