"""A match whose scenario changed since it was created is not resumed under the new rules.

The ``created`` record keeps the scenario's fingerprint (a hash of its map and rules numbers);
on restore a match whose scenario now has another fingerprint is left out, with a logged
reason, and its clients get ``match-unavailable``; every other match resumes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from game.assets import load_scenario
from server.app import SpiralServer
from server.lobby import Lobby
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness


def loader_changing(changed: str):
    """``load_scenario``, except that scenario ``changed`` now has one more turn."""
    def load(name: str):
        scenario = load_scenario(name)
        return replace(scenario, turns=scenario.turns + 1) if name == changed else scenario
    return load


def two_matches() -> tuple[Harness, dict, dict, dict]:
    """A started duel with a player, and a four-seat match on another scenario with a player."""
    h = Harness()
    host = h.connect()
    duel = h.call(host, "create", scenario="duel", seats=[None, "basic"], seed=1, turn_seconds=60)
    other = h.call(host, "create", scenario="doubly-safe", seats=[None, "basic", "basic", "basic"], seed=2)
    player = h.connect()
    joined = h.call(player, "join", code=duel["code"], name="ann")
    h.call(h.connect(), "join", code=other["code"], name="bob")
    h.call(host, "host", match=duel["match"], token=duel["host_token"], action="start")
    return h, duel, other, joined


def test_the_created_record_keeps_the_scenario_fingerprint():
    h, duel, _, _ = two_matches()
    created = next(r for m, r in h.records if m == duel["match"] and r["kind"] == "created")
    assert created["fingerprint"] == load_scenario("duel").fingerprint


def test_a_match_whose_scenario_changed_is_refused_and_the_others_resume():
    h, duel, other, joined = two_matches()
    lobby = Lobby(load=loader_changing("duel"))
    refused = lobby.restore(h.records)
    assert list(refused) == [duel["match"]]
    assert "'duel' changed since the match was created" in refused[duel["match"]]
    assert list(lobby.matches) == [other["match"]]

    again = Harness()
    again.lobby = lobby
    client = again.connect()
    asked = [
        again.call(client, "rejoin", match=duel["match"], token=joined["token"]),
        again.call(client, "join", code=duel["code"], name="eve"),
        again.call(client, "spectate", code=duel["match"]),
        again.call(client, "spectate", code=duel["code"]),
        again.call(client, "host", match=duel["match"], token="x" * 32, action="pause"),
    ]
    assert [a.get("code") for a in asked] == ["match-unavailable"] * len(asked)
    assert again.call(client, "spectate", code=other["code"])["type"] == "spectating"
    assert again.records == []  # nothing of the refused match was touched

    # With its scenario as it was, the match resumes from the same log.
    unchanged = Lobby()
    assert unchanged.restore(h.records) == {} and set(unchanged.matches) == {duel["match"], other["match"]}


def test_a_scenario_that_cannot_be_loaded_any_more_refuses_only_its_matches():
    h, duel, other, _ = two_matches()

    def load(name: str):
        if name == "duel":
            return load_scenario("no-such-scenario")
        return load_scenario(name)

    lobby = Lobby(load=load)
    refused = lobby.restore(h.records)
    assert list(refused) == [duel["match"]] and "cannot be loaded" in refused[duel["match"]]
    assert list(lobby.matches) == [other["match"]]


def test_the_server_logs_why_a_match_is_not_resumed_and_answers_its_players(tmp_path, caplog):
    h, duel, other, joined = two_matches()
    store = Store(tmp_path / "log.sqlite3")
    store.append(h.typed_records)
    store.close()

    async def main():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"), lobby=Lobby(load=loader_changing("duel")))
        port = await server.start("127.0.0.1", 0)
        try:
            client = await Client.open(port)
            answer = await client.call("rejoin", match=duel["match"], token=joined["token"])
            await client.close()
            return answer, set(server.lobby.matches)
        finally:
            await server.stop()

    with caplog.at_level(logging.ERROR, logger="spiral.server"):
        answer, resumed = asyncio.run(asyncio.wait_for(main(), 20))
    assert answer["code"] == "match-unavailable" and resumed == {other["match"]}
    logged = [r.getMessage() for r in caplog.records]
    assert any(duel["match"] in line and "is not resumed" in line and "changed since" in line for line in logged)
