"""A handler that fails half-way (a bug, injected here) leaves nothing half-changed.

The failing message gets ``internal``, every change it made is undone (the match, the seat
bindings, the records to commit), the failure is handed to the adapter to log, and the
server goes on: the same message succeeds once the fault is gone.
"""

from __future__ import annotations

import asyncio
import logging

import server.match
from game.wire import encode
from server.app import SpiralServer
from server.match import Match
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness
from tests.server.test_server_core import last_view, new_duel, orders


class InjectedFault(RuntimeError):
    pass


def failing(*args, **kwargs):
    raise InjectedFault("injected")


def snapshot(h: Harness, match: Match) -> tuple:
    """Everything about a match and its bindings a handler could change."""
    return (match.phase, match.deadline, dict(match.pending), set(match.ready), len(match.states),
            match.state.state_hash(), [(s.bot, s.name, s.token_hash, s.missed) for s in match.seats],
            [c.to_mapping() for c in match.chat], dict(h.lobby.seat_connections.get(match.id, {})),
            set(h.lobby.spectators.get(match.id, ())),
            {c: (s.match, s.seat) for c, s in h.lobby.connections.items()})


def test_a_turn_that_fails_to_resolve_changes_nothing_and_the_server_goes_on(monkeypatch):
    h = Harness()
    _, created, [(a, _), (b, _)] = new_duel(h, seats=(None, None))
    match = h.lobby.matches[created["match"]]
    assert orders(h, a, match.id, "budget 20/70/10")["type"] == "ack"
    view = last_view(h, b)
    stamp = {"match": match.id, "turn": view["turn"], "version": view["version"]}
    assert h.call(a, "ready", ready=True, **stamp)["type"] == "ready-ack"
    before, records = snapshot(h, match), len(h.records)

    monkeypatch.setattr(server.match, "resolve", failing)
    inbox = len(h.inbox[a])
    result = h.lobby.receive(b, encode({"type": "ready", "id": 77, "ready": True, **stamp}), h.now)
    assert [type(e) for e in result.failures] == [InjectedFault]
    h.deliver(result)
    answer = h.messages(b)[-1]
    assert answer["type"] == "error" and answer["code"] == "internal" and answer["id"] == 77
    assert len(h.inbox[a]) == inbox  # nobody else heard of it
    assert snapshot(h, match) == before and len(h.records) == records

    monkeypatch.undo()
    assert h.call(b, "ready", ready=True, **stamp)["type"] == "ready-ack"
    assert match.state.turn == view["turn"] + 1 and last_view(h, a)["turn"] == view["turn"] + 1


def test_a_join_that_fails_after_taking_the_seat_leaves_the_seat_open(monkeypatch):
    h = Harness()
    created = h.call(h.connect(), "create", scenario="duel", seats=[None, "basic"], seed=3)
    match = h.lobby.matches[created["match"]]
    joiner = h.connect()
    assert h.call(joiner, "spectate", code=created["code"])["type"] == "spectating"  # bound, to be moved
    before, records = snapshot(h, match), len(h.records)
    monkeypatch.setattr(Match, "sync_for", failing)  # after the seat is taken and bound
    assert h.call(joiner, "join", code=created["code"], name="eve")["code"] == "internal"
    assert snapshot(h, match) == before and len(h.records) == records

    monkeypatch.undo()
    assert h.call(joiner, "join", code=created["code"], name="eve")["type"] == "joined"


def test_a_deadline_whose_turn_fails_to_resolve_changes_nothing(monkeypatch):
    h = Harness()
    _, created, [(a, _)] = new_duel(h, seats=(None, "basic"), turn_seconds=60)
    match = h.lobby.matches[created["match"]]
    h.run_bots()
    before, records = snapshot(h, match), len(h.records)
    monkeypatch.setattr(server.match, "resolve", failing)
    h.now += 61
    result = h.lobby.tick(h.now)
    assert [type(e) for e in result.failures] == [InjectedFault] and result.sends == []
    h.deliver(result)
    assert snapshot(h, match) == before and len(h.records) == records
    h.now += 1
    assert h.lobby.tick(h.now).failures == []  # not tried (and reported) again on every tick

    monkeypatch.undo()
    view = last_view(h, a)
    assert h.call(a, "ready", ready=True, match=match.id, turn=view["turn"], version=view["version"])["type"] \
        == "ready-ack"  # a player's ready ends the turn
    assert match.state.turn == 2


def test_the_adapter_logs_the_failure_and_keeps_serving(tmp_path, monkeypatch, caplog):
    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            host = await Client.open(port)
            created = await host.call("create", scenario="duel", seats=[None, "basic"], seed=2, turn_seconds=0)
            player = await Client.open(port)
            await player.call("join", code=created["code"], name="ann")
            monkeypatch.setattr(Match, "sync_for", failing)
            failed = await player.call("sync", match=created["match"])
            monkeypatch.undo()
            again = await player.call("sync", match=created["match"])
            return failed, again
        finally:
            await server.stop()

    with caplog.at_level(logging.ERROR, logger="spiral.server"):
        failed, again = asyncio.run(asyncio.wait_for(main(), 20))
    assert failed["code"] == "internal" and again["type"] == "sync"
    assert any("handling a message failed" in r.getMessage() and r.exc_info for r in caplog.records)
