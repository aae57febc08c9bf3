"""The limits a host sets (server/limits.py): matches per connection and address, open lobbies,
expiry of unjoined lobbies, connections per address, the first hello's deadline, and ``list`` pages."""

from __future__ import annotations

import asyncio

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from game.wire import decode_server_frame
from server.app import SpiralServer
from server.lobby import Lobby
from server.limits import Limits
from server.records import Started, Vacated
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness


def create(h: Harness, connection: int, seats=(None, None), **fields) -> dict:
    return h.call(connection, "create", scenario="duel", seats=list(seats), **fields)


def test_a_connection_may_have_only_so_many_unfinished_matches_and_a_refusal_changes_nothing():
    h = Harness(limits=Limits(matches_per_connection=2))
    c = h.connect()
    assert create(h, c)["type"] == create(h, c)["type"] == "created"
    records = len(h.records)
    refused = create(h, c)
    assert refused["code"] == "too-many-matches" and len(h.lobby.matches) == 2 and len(h.records) == records
    assert create(h, h.connect())["type"] == "created"  # another connection (no address known) may


def test_an_address_may_have_only_so_many_unfinished_matches_across_its_connections():
    h = Harness(limits=Limits(matches_per_address=3))
    first, second = h.connect(address="10.0.0.1"), h.connect(address="10.0.0.1")
    assert [create(h, first)["type"], create(h, first)["type"], create(h, second)["type"]] == ["created"] * 3
    assert create(h, second)["code"] == "too-many-matches"
    h.deliver(h.lobby.disconnect(first, h.now))  # its matches stay the address's
    assert create(h, h.connect(address="10.0.0.1"))["code"] == "too-many-matches"
    assert create(h, h.connect(address="10.0.0.2"))["type"] == "created"


def test_a_finished_or_expired_match_no_longer_counts():
    h = Harness(limits=Limits(matches_per_connection=1, lobby_expiry=60))
    c = h.connect()
    bots = create(h, c, seats=("basic", "random"), turn_seconds=0)
    assert create(h, c)["code"] == "too-many-matches"
    h.call(c, "host", match=bots["match"], token=bots["host_token"], action="start")
    match = h.lobby.matches[bots["match"]]
    while match.phase != "over":
        h.run_bots()
    lobby = create(h, c)
    assert lobby["type"] == "created" and create(h, c)["code"] == "too-many-matches"
    h.advance(60)
    assert lobby["match"] not in h.lobby.matches and create(h, c)["type"] == "created"


def test_the_server_holds_only_so_many_lobbies_waiting_to_start():
    h = Harness(limits=Limits(open_lobbies=2))
    first = create(h, h.connect())
    create(h, h.connect())
    assert create(h, h.connect())["code"] == "server-busy"
    h.call(1, "host", match=first["match"], token=first["host_token"], action="start")
    assert create(h, h.connect())["type"] == "created"  # a started match is no longer a lobby


def test_a_lobby_no_player_sits_in_expires_and_its_records_are_dropped():
    h = Harness(limits=Limits(lobby_expiry=600))
    host = h.connect()
    empty, joined = create(h, host), create(h, host)
    player, watcher = h.connect(), h.connect()
    h.call(player, "join", code=joined["code"], name="ann")
    h.call(watcher, "spectate", code=empty["code"])
    h.advance(599)
    assert empty["match"] in h.lobby.matches and h.lobby.take_dropped() == []
    h.advance(1)
    assert empty["match"] not in h.lobby.matches and joined["match"] in h.lobby.matches
    assert h.lobby.take_dropped() == [empty["match"]]
    assert h.messages(watcher)[-1] == {"type": "event", "id": None, "match": empty["match"], "kind": "expired"}
    assert h.call(player, "join", code=empty["code"], name="bob")["code"] == "no-such-match"
    assert h.call(watcher, "sync", match=empty["match"])["code"] == "not-in-match"
    # A started match never expires, even with bots alone in it.
    bots = create(h, host, seats=("basic", "basic"), turn_seconds=3600)
    h.call(host, "host", match=bots["match"], token=bots["host_token"], action="start")
    h.advance(601)
    assert bots["match"] in h.lobby.matches


def test_storage_drops_every_record_of_an_expired_match(tmp_path):
    store = Store(tmp_path / "log.sqlite3")
    store.append([("a", Started(1.0)), ("b", Started(2.0)), ("a", Vacated(0))])
    store.append([("b", Vacated(1))], drop=("a",))
    assert store.load() == [("b", Started(2.0).to_mapping()), ("b", Vacated(1).to_mapping())]
    store.close()


def test_an_address_may_hold_only_so_many_connections():
    h = Harness(limits=Limits(connections_per_address=2))
    a, b = h.connect(address="10.0.0.9"), h.connect(address="10.0.0.9")
    third = h.connect(greet=False, address="10.0.0.9")
    assert h.closed == {third: "too-many-connections"}
    assert h.messages(third)[0]["code"] == "server-busy"
    assert h.send_raw(third, b"\x80") == []  # what it sends meanwhile is ignored
    assert h.connect(address="10.0.0.8") not in h.closed
    h.deliver(h.lobby.disconnect(a, h.now))
    h.deliver(h.lobby.disconnect(third, h.now))
    assert h.connect(address="10.0.0.9") not in h.closed and b not in h.closed


def test_a_connection_that_does_not_say_hello_in_time_is_closed():
    h = Harness(limits=Limits(hello_timeout=10))
    silent, greeted = h.connect(greet=False), h.connect()
    h.advance(9.9)
    assert h.closed == {}
    h.advance(0.1)
    assert h.closed == {silent: "hello-timeout"} and h.messages(silent)[0]["code"] == "handshake-required"
    h.advance(100)
    assert list(h.closed) == [silent] and greeted not in h.closed


def test_list_pages_with_a_cursor_joinable_matches_first():
    h = Harness(limits=Limits(list_page=2))
    made = []
    for seats in [("basic", "basic"), (None, None), ("basic", None), ("random", "basic"), (None, "basic")]:
        made.append(create(h, h.connect(), seats=seats)["match"])
        h.now += 1
    h.call(h.connect(), "create", scenario="duel", seats=[None, None], public=False)
    c = h.connect()
    pages, cursor = [], None
    while True:
        page = h.call(c, "list", **({} if cursor is None else {"cursor": cursor}))
        assert len(page["matches"]) <= 2
        pages.append([m["match"] for m in page["matches"]])
        cursor = page["next"]
        if cursor is None:
            break
    listed = [m for page in pages for m in page]
    assert listed == [made[1], made[2], made[4], made[0], made[3]]  # joinable, oldest first; then the rest
    assert h.call(c, "list", cursor="nonsense")["code"] == "bad-message"


def test_a_spammer_cannot_hide_a_real_public_match():
    h = Harness(limits=Limits(matches_per_connection=4, matches_per_address=16))
    spammer = h.connect(address="10.6.6.6")
    answers = []
    for _ in range(50):
        h.now += 0.1  # within the rate limit: the match limits are what stop it
        answers.append(create(h, spammer, seats=("basic", "basic")))
    kinds = [a["type"] if a["type"] == "created" else a["code"] for a in answers]
    assert kinds == ["created"] * 4 + ["too-many-matches"] * 46
    real = create(h, h.connect(address="10.1.1.1"))
    assert h.call(h.connect(), "list")["matches"][0]["match"] == real["match"]


@pytest.mark.parametrize("limits", [dict(list_page=0), dict(open_lobbies=-1), dict(hello_timeout=0)])
def test_limits_out_of_range_are_refused(limits):
    with pytest.raises(ValueError):
        Limits(**limits)


def test_over_real_sockets_the_limits_hold(tmp_path):
    now = [1000.0]

    async def main():
        lobby = Lobby(limits=Limits(matches_per_connection=1, connections_per_address=3, hello_timeout=5,
                                    lobby_expiry=60))
        server = SpiralServer(Store(tmp_path / "log.sqlite3"), lobby=lobby, clock=lambda: now[0])
        port = await server.start("127.0.0.1", 0)
        try:
            host = await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, None])
            assert (await host.call("create", scenario="duel", seats=[None, None]))["code"] == "too-many-matches"
            silent = await connect(f"ws://127.0.0.1:{port}", compression=None)
            third = await Client.open(port)
            refused = await connect(f"ws://127.0.0.1:{port}", compression=None)
            assert decode_server_frame(await refused.recv())["code"] == "server-busy"
            with pytest.raises(ConnectionClosed):
                await refused.recv()
            assert refused.close_reason == "too-many-connections"
            now[0] += 60
            server._enqueue(server.lobby.tick(now[0]))  # what the timer task does every half second
            assert decode_server_frame(await silent.recv())["code"] == "handshake-required"
            with pytest.raises(ConnectionClosed):
                await silent.recv()
            assert silent.close_reason == "hello-timeout"
            assert (await third.call("join", code=created["code"], name="ann"))["code"] == "no-such-match"
            await host.close()
            await third.close()
        finally:
            await server.stop()
        store = Store(tmp_path / "log.sqlite3")
        assert [m for m, _ in store.load() if m == created["match"]] == []
        store.close()
    asyncio.run(asyncio.wait_for(main(), 20))


def test_a_class_sessions_matches_fit_the_lobby_cap_and_never_expire():
    h = Harness(limits=Limits(open_lobbies=5, lobby_expiry=60, matches_per_connection=1))
    teacher = h.connect(address="10.0.0.5")
    created = h.call(teacher, "class-create", scenarios=["duel"], matches=4, turn_seconds=60)
    assert created["type"] == "class-created"  # four matches on one connection: a class is one request
    assert h.call(teacher, "class-create", scenarios=["duel"], matches=2)["code"] == "server-busy"
    h.advance(3600)
    assert all(m["match"] in h.lobby.matches for m in created["matches"])


def test_a_lobby_its_creator_leaves_empty_is_dropped_at_once_and_stops_counting():
    h = Harness(limits=Limits(matches_per_connection=1, matches_per_address=1))
    host, watcher = h.connect(address="10.0.0.1"), h.connect(address="10.0.0.2")
    created = create(h, host)
    h.call(host, "join", code=created["code"], name="host", seat=0)
    h.call(watcher, "spectate", code=created["code"])
    assert create(h, host)["code"] == "too-many-matches"
    assert h.call(host, "leave", match=created["match"])["type"] == "left"
    assert created["match"] not in h.lobby.matches and h.lobby.take_dropped() == [created["match"]]
    assert h.messages(watcher)[-1] == {"type": "event", "id": None, "match": created["match"], "kind": "cancelled"}
    assert h.call(watcher, "join", code=created["code"], name="late")["code"] == "no-such-match"
    assert create(h, host)["type"] == "created"  # the connection's and the address's counts dropped
    assert create(h, h.connect(address="10.0.0.1"))["code"] == "too-many-matches"


def test_a_lobby_stays_when_a_player_is_still_seated_or_someone_else_leaves():
    h = Harness()
    host, player = h.connect(), h.connect()
    created = create(h, host)
    h.call(host, "join", code=created["code"], name="host", seat=0)
    h.call(player, "join", code=created["code"], name="ann", seat=1)
    h.call(player, "leave", match=created["match"])  # not its creator: the host still waits for players
    h.call(player, "join", code=created["code"], name="ann", seat=1)
    h.call(host, "leave", match=created["match"])  # its creator, but ann still sits in it
    assert created["match"] in h.lobby.matches and h.lobby.take_dropped() == []
    assert h.messages(player)[-1]["kind"] == "left"


def test_over_real_sockets_a_host_cancelling_its_lobby_frees_the_seat_and_the_limits(tmp_path):
    async def main():
        lobby = Lobby(limits=Limits(matches_per_connection=1, matches_per_address=1))
        server = SpiralServer(Store(tmp_path / "log.sqlite3"), lobby=lobby)
        port = await server.start("127.0.0.1", 0)
        try:
            host, watcher = await Client.open(port), await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, None])
            assert (await host.call("join", code=created["code"], name="host", seat=0))["type"] == "joined"
            await watcher.call("spectate", code=created["code"])
            other = await Client.open(port)
            refused = await other.call("create", scenario="duel", seats=[None, None])
            assert refused["code"] == "too-many-matches"  # the address holds its one match
            await other.close()
            assert (await host.call("leave", match=created["match"]))["type"] == "left"
            await host.close()
            cancelled = await watcher.until(lambda m: m["type"] == "event")
            assert cancelled["kind"] == "cancelled" and cancelled["match"] == created["match"]
            assert (await watcher.call("join", code=created["code"], name="late"))["code"] == "no-such-match"
            assert (await watcher.call("create", scenario="duel", seats=[None, None]))["type"] == "created"
        finally:
            await server.stop()
        store = Store(tmp_path / "log.sqlite3")
        assert [m for m, _ in store.load() if m == created["match"]] == []
        store.close()
    asyncio.run(asyncio.wait_for(main(), 20))
