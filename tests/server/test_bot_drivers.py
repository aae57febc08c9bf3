"""One game in every driver: the same scenario, seed and bots give the same state hash after every turn
through `spiral selfplay`, through the server's lobby (restored from its log part-way), and through a real
`spiral serve` killed with SIGKILL in the middle of the match and restarted.

The bots are personalities, which keep memory from turn to turn (beliefs, campaigns, offers seen), so a
driver that made a new bot every turn, or lost the bots' memory in a restart, would play another match.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
from pathlib import Path

from server.lobby import Lobby
from server.match import Match
from server.storage import Store
from tests.server.client_helpers import Client
from tests.server.server_harness import Harness
from tests.server.test_server_recovery import start_server

ROOT = Path(__file__).resolve().parents[2]
SCENARIO, SEED, BOTS = "duel", 12, ["fearful", "reciprocator"]
PAUSE_AFTER = 6  # turns seen before the host pauses the match and the server is killed


def selfplay_hashes() -> list[str]:
    done = subprocess.run([sys.executable, "-m", "game.cli", "selfplay", "--scenario", SCENARIO, "--seed", str(SEED),
                           "--bots", ",".join(BOTS), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["is_over"] and result["hashes"][-1] == result["final_hash"]
    return result["hashes"]


def match_hashes(match: Match) -> list[str]:
    """The state hash after each turn the match played (its states before the current one, then that one)."""
    return [s.state_hash() for s in match.states[1:]] + [match.state.state_hash()]


def test_selfplay_and_the_servers_lobby_play_the_same_match_even_restored_from_its_log_part_way():
    expected = selfplay_hashes()
    h = Harness()
    host = h.connect()
    created = h.call(host, "create", scenario=SCENARIO, seats=BOTS, seed=SEED, turn_seconds=0)
    h.call(host, "host", match=created["match"], token=created["host_token"], action="start")
    match = h.lobby.matches[created["match"]]
    while match.state.turn <= PAUSE_AFTER:
        jobs = h.lobby.bot_jobs()
        assert jobs, "the bots stopped playing"
        for job in jobs:
            h.deliver(h.lobby.bot_orders(job, job.run(), h.now))
    assert match_hashes(match) == expected[:len(match.states)]
    # A new lobby from the log (as after a restart): its bots are made afresh and catch up.
    h.lobby = Lobby()
    h.lobby.restore(h.records)
    restored = h.lobby.matches[created["match"]]
    assert not restored.seat_bots and restored.phase == "running"
    for _ in range(200):
        h.run_bots()
        if restored.phase == "over":
            break
    assert restored.phase == "over"
    assert match_hashes(restored) == expected


def test_a_real_server_killed_in_the_middle_and_restarted_plays_the_same_match_as_selfplay(tmp_path):
    expected = selfplay_hashes()
    db = tmp_path / "log.sqlite3"
    process, port = start_server(db)
    try:
        async def until_paused() -> dict:
            host = await Client.open(port)
            created = await host.call("create", scenario=SCENARIO, seats=BOTS, seed=SEED, turn_seconds=0)
            await host.call("spectate", code=created["code"])
            await host.call("host", match=created["match"], token=created["host_token"], action="start")
            for _ in range(PAUSE_AFTER):
                await host.until(lambda m: m["type"] == "turn")
            paused = await host.call("host", match=created["match"], token=created["host_token"], action="pause")
            assert paused["type"] != "error", paused
            await host.close()
            return created
        created = asyncio.run(asyncio.wait_for(until_paused(), 60))
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    store = Store(db)
    killed = Lobby()
    killed.restore(store.load())
    store.close()
    middle = killed.matches[created["match"]]
    assert middle.phase == "paused" and PAUSE_AFTER < middle.state.turn <= middle.scenario.turns
    assert match_hashes(middle) == expected[:len(middle.states)]

    restarted, port = start_server(db)
    try:
        async def resume_to_the_end() -> None:
            host = await Client.open(port)
            await host.call("spectate", code=created["code"])
            resumed = await host.call("host", match=created["match"], token=created["host_token"], action="resume")
            assert resumed["type"] != "error", resumed
            await host.until(lambda m: m["type"] == "reveal")
            await host.close()
        asyncio.run(asyncio.wait_for(resume_to_the_end(), 120))
    finally:
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(timeout=10) == 0

    store = Store(db)
    final = Lobby()
    final.restore(store.load())
    store.close()
    match = final.matches[created["match"]]
    assert match.phase == "over"
    assert match_hashes(match) == expected
