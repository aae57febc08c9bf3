"""The Sans-I/O lobby and match core: every check, with an injected clock and no sockets."""

from __future__ import annotations

import msgpack

from game.wire import PROTOCOL_VERSION, encode
from server.lobby import Lobby
from tests.server.server_harness import Harness


def new_duel(h: Harness, *, seats=(None, "basic"), turn_seconds=60, press="full", start=True, **more):
    host = h.connect()
    created = h.call(host, "create", scenario="duel", seats=list(seats), seed=3, turn_seconds=turn_seconds,
                     press=press, **more)
    players = []
    for _ in [s for s in seats if s is None]:
        player = h.connect()
        joined = h.call(player, "join", code=created["code"], name=f"p{player}")
        players.append((player, joined))
    if start:
        assert h.call(host, "host", match=created["match"], token=created["host_token"], action="start")["type"] == "host-ack"
    return host, created, players


def last_view(h: Harness, connection: int) -> dict:
    views = [m["view"] for m in h.messages(connection) if m["type"] in ("sync", "turn")]
    return views[-1]


def orders(h, connection, match, text, **override):
    if "turn" in override and "version" in override:
        view = override
    else:
        view = last_view(h, connection)
    fields = {"match": match, "turn": view["turn"], "version": view["version"], "orders": text}
    fields.update(override)
    return h.call(connection, "orders", **fields)


def test_handshake_comes_first_and_checks_the_version():
    h = Harness()
    c = h.connect(greet=False)
    assert h.call(c, "list")["code"] == "handshake-required" and h.closed[c] == "handshake-required"
    c = h.connect(greet=False)
    assert h.call(c, "hello", protocol=PROTOCOL_VERSION + 1)["code"] == "protocol-version"
    c = h.connect(greet=False)
    welcome = h.call(c, "hello", protocol=PROTOCOL_VERSION)
    assert welcome["type"] == "welcome" and "duel" in welcome["scenarios"] and "basic" in welcome["bots"]


def test_create_validates_scenario_seats_and_bots():
    h = Harness()
    c = h.connect()
    assert h.call(c, "create", scenario="../etc", seats=[None, None])["code"] == "bad-scenario"
    assert h.call(c, "create", scenario="duel", seats=[None])["code"] == "bad-request"
    assert h.call(c, "create", scenario="duel", seats=[None, "nobody"])["code"] == "bad-request"
    assert h.lobby.matches == {} and h.records == []


def test_list_shows_public_matches_only():
    h = Harness()
    c = h.connect()
    h.call(c, "create", scenario="duel", seats=[None, None], public=True)
    h.call(c, "create", scenario="duel", seats=[None, None], public=False)
    assert len(h.call(c, "list")["matches"]) == 1


def test_orders_are_acked_revised_and_refused_with_codes():
    h = Harness()
    _, created, [(p, joined)] = new_duel(h)
    match = created["match"]
    view = last_view(h, p)
    assert orders(h, p, match, "budget 40/40/20")["type"] == "ack"
    assert orders(h, p, match, "budget 50/30/20")["orders"] == "budget 50/30/20"  # revised
    unit = view["units"][0]["id"]
    assert orders(h, p, match, "move zz9 to 0,0")["detail"] == "unknown-unit"
    assert orders(h, p, match, "fly away")["code"] == "bad-orders"
    assert orders(h, p, match, "budget 10/10/80", turn=view["turn"] + 1)["code"] == "stale-orders"
    assert orders(h, p, match, "budget 10/10/80", version=view["version"] + 1)["code"] == "stale-orders"
    # Units the seat does not own are unknown to it, whatever their id.
    rival = next(u for u in h.lobby.matches[match].state.units.values() if u.owner == 1)
    assert orders(h, p, match, f"posture {rival.id} entrenched")["detail"] == "unknown-unit"
    assert h.lobby.matches[match].pending[0] == "budget 50/30/20"
    assert unit  # the seat does have units of its own


def test_checks_run_seat_then_phase():
    h = Harness()
    host, created, [(p, _)] = new_duel(h, start=False)
    match = created["match"]
    assert orders(h, p, match, "budget 40/40/20")["code"] == "wrong-phase"
    assert orders(h, host, match, "budget 40/40/20", turn=1, version=0)["code"] == "not-in-match"
    watcher = h.connect()
    h.call(watcher, "spectate", code=created["code"])
    assert orders(h, watcher, match, "budget 40/40/20", turn=1, version=0)["code"] == "spectator"
    assert h.call(watcher, "chat", match=match, text="hi")["code"] == "spectator"
    assert h.call(watcher, "host", match=match, token="0" * 48, action="start")["code"] == "not-host"


def test_ready_from_everyone_ends_the_turn_and_each_seat_gets_its_own_view():
    h = Harness()
    _, created, [(a, _), (b, _)] = new_duel(h, seats=(None, None))
    match = created["match"]
    watcher = h.connect()
    h.call(watcher, "spectate", code=created["code"])
    view = last_view(h, a)
    h.call(a, "ready", match=match, turn=view["turn"], version=view["version"], ready=True)
    assert h.lobby.matches[match].state.turn == view["turn"]
    h.call(b, "ready", match=match, turn=view["turn"], version=view["version"], ready=True)
    assert last_view(h, a)["turn"] == view["turn"] + 1
    assert last_view(h, a)["player"] == 0 and last_view(h, b)["player"] == 1
    assert "aim" not in last_view(h, watcher) and "units" not in last_view(h, watcher)


def test_deadline_holds_missing_orders_flags_and_hands_the_seat_to_a_bot_until_the_player_returns():
    h = Harness()
    _, created, [(p, _)] = new_duel(h, max_missed=2)
    match = h.lobby.matches[created["match"]]
    h.run_bots()
    h.advance(59)
    assert match.state.turn == 1  # not yet
    h.advance(1)
    turn = [m for m in h.messages(p) if m["type"] == "turn"][-1]
    assert match.state.turn == 2 and turn["flagged"] == [0] and turn["deadline"] == h.now + 60
    h.run_bots()
    h.advance(60)
    assert match.seats[0].missed == 2 and match.bot_for(0) == "basic"
    h.run_bots()
    assert 0 in match.pending  # the stand-in bot played
    orders(h, p, created["match"], "budget 30/60/10")
    assert match.seats[0].missed == 0 and match.bot_for(0) is None and match.pending[0] == "budget 30/60/10"


def test_chat_is_stored_and_filtered_per_seat_and_press_mode():
    h = Harness()
    _, created, players = new_duel(h, seats=(None, None))
    (a, _), (b, _) = players
    match = created["match"]
    watcher = h.connect()
    h.call(watcher, "spectate", code=created["code"])
    h.call(a, "chat", match=match, text="hello all")
    h.call(a, "chat", match=match, to=1, text="just you")
    assert [m["line"]["text"] for m in h.messages(b) if m["type"] == "chat"] == ["hello all", "just you"]
    assert [m["line"]["text"] for m in h.messages(watcher) if m["type"] == "chat"] == ["hello all"]
    assert [c["text"] for c in h.call(watcher, "sync", match=match)["chat"]] == ["hello all"]
    assert [c["text"] for c in h.call(b, "sync", match=match)["chat"]] == ["hello all", "just you"]
    assert h.call(a, "chat", match=match, to=0, text="me")["code"] == "bad-request"
    h2 = Harness()
    _, created2, [(c, _), _] = new_duel(h2, seats=(None, None), press="public")
    assert h2.call(c, "chat", match=created2["match"], to=1, text="psst")["code"] == "press-off"


def test_rejoin_gives_the_seat_back_with_a_full_sync_and_pending_orders():
    h = Harness()
    _, created, [(a, joined), (b, _)] = new_duel(h, seats=(None, None))
    match = created["match"]
    orders(h, a, match, "budget 20/70/10")
    h.deliver(h.lobby.disconnect(a, h.now))
    again = h.connect()
    assert h.call(again, "rejoin", match=match, token=joined["token"])["seat"] == 0
    sync = h.messages(again)[-1]
    assert sync["type"] == "sync" and sync["orders"] == "budget 20/70/10" and sync["view"]["player"] == 0
    assert {"kind": "reconnected", "seat": 0} .items() <= h.messages(b)[-1].items()


def test_token_misuse_is_refused_and_changes_nothing():
    h = Harness()
    _, created, [(a, joined_a)] = new_duel(h)
    _, other, [(x, joined_x)] = new_duel(h)
    before = len(h.records)
    c = h.connect()
    assert h.call(c, "rejoin", match=created["match"], token=joined_x["token"])["code"] == "bad-token"
    assert h.call(c, "rejoin", match=created["match"], token="f" * 48)["code"] == "bad-token"
    assert h.call(c, "rejoin", match="nope", token=joined_a["token"])["code"] == "no-such-match"
    assert h.call(c, "host", match=created["match"], token=other["host_token"], action="pause")["code"] == "not-host"
    assert h.call(c, "join", code="NOPE", name="x")["code"] == "no-such-match"
    assert h.call(c, "join", code=created["code"], name="x")["code"] == "match-full"
    h.call(c, "list")
    assert len(h.records) == before
    # Tokens are stored hashed only.
    match = h.lobby.matches[created["match"]]
    assert joined_a["token"] not in repr(h.records) and match.seats[0].token_hash != joined_a["token"]
    assert len(bytes.fromhex(joined_a["token"])) * 8 >= 128


def test_host_pause_resume_extend_advance_kick_and_bot():
    h = Harness()
    host, created, [(a, joined), (b, _)] = new_duel(h, seats=(None, None))
    match = h.lobby.matches[created["match"]]
    def act(action, **more):
        return h.call(host, "host", match=match.id, token=created["host_token"], action=action, **more)
    h.advance(20)
    assert act("pause")["type"] == "host-ack" and match.phase == "paused"
    assert orders(h, a, match.id, "budget 40/40/20")["code"] == "wrong-phase"
    h.advance(500)
    assert match.state.turn == 1
    act("resume")
    assert match.deadline == h.now + 40
    act("extend", seconds=30)
    assert match.deadline == h.now + 70
    act("advance")
    assert match.state.turn == 2
    act("kick", seat=0)
    assert orders(h, a, match.id, "budget 40/40/20", turn=2, version=1)["code"] == "not-in-match"
    assert h.call(h.connect(), "rejoin", match=match.id, token=joined["token"])["code"] == "bad-token"
    act("bot", seat=1, bot="random")
    assert match.bot_for(1) == "random"
    assert act("start")["code"] == "wrong-phase"


def test_frames_a_client_cannot_send_legally_get_typed_errors_and_change_nothing():
    h = Harness()
    _, created, [(p, _)] = new_duel(h)
    before = len(h.records)
    junk = [b"\xc1\xc1", b"\x91" * 70000, msgpack.packb({"type": "orders", "id": 1}), encode({"type": "nuke"}),
            encode({"type": "orders", "id": 1, "match": created["match"], "turn": "1", "version": 0, "orders": ""}),
            "text, not bytes"]
    for frame in junk:
        replies = h.send_raw(p, frame)
        assert [r["type"] for r in replies] == ["error"]
    assert len(h.records) == before and p not in h.closed


def test_a_flood_is_rate_limited_then_cut_off():
    h = Harness()
    c = h.connect()
    replies = [r for _ in range(60) for r in h.send_raw(c, encode({"type": "list", "id": 1}))]
    assert "rate-limited" in [r.get("code") for r in replies]
    h.now += 10  # the allowance refills with time
    assert h.call(c, "list")["type"] == "matches"
    for _ in range(400):
        h.send_raw(c, encode({"type": "list", "id": 1}))
    assert h.closed.get(c) == "flood"


def test_a_rate_limited_request_gets_its_own_id_back_when_the_frame_decodes():
    h = Harness()
    c = h.connect()
    replies = [r for i in range(60) for r in h.send_raw(c, encode({"type": "list", "id": 1000 + i}))]
    limited = [r for r in replies if r.get("code") == "rate-limited"]
    assert limited and all(r["id"] >= 1000 for r in limited)
    assert [r["id"] for r in replies] == [1000 + i for i in range(60)]  # one answer each, in order
    undecodable, bad_id = h.send_raw(c, b"\xc1")[0], h.send_raw(c, encode({"type": "list", "id": True}))[0]
    assert (undecodable["code"], undecodable["id"]) == ("rate-limited", None)  # no id to echo
    assert (bad_id["code"], bad_id["id"]) == ("rate-limited", None)  # not a valid id


def test_a_bot_filled_match_runs_to_the_end_and_reveals_everything():
    h = Harness()
    host, created, _ = new_duel(h, seats=("basic", "random"), turn_seconds=0)
    watcher = h.connect()
    h.call(watcher, "spectate", code=created["code"])
    for _ in range(100):
        h.run_bots()
    match = h.lobby.matches[created["match"]]
    assert match.phase == "over"
    reveal = [m for m in h.messages(watcher) if m["type"] == "reveal"][0]["reveal"]
    assert {p["aim"] for p in reveal["players"]} and reveal["scores"]
    assert h.call(watcher, "sync", match=match.id)["reveal"]["scores"] == reveal["scores"]


def test_history_is_the_seats_own_past_views():
    h = Harness()
    _, created, [(p, _)] = new_duel(h)
    for _ in range(3):
        h.run_bots()
        h.advance(60)
    history = h.call(p, "history", match=created["match"])["views"]
    assert [v["turn"] for v in history] == [1, 2, 3] and all(v["player"] == 0 for v in history)


def test_the_records_rebuild_every_match_exactly():
    h = Harness()
    _, created, [(a, _), (b, _)] = new_duel(h, seats=(None, None))
    match = h.lobby.matches[created["match"]]
    for turn in range(3):
        orders(h, a, match.id, "budget 20/70/10")
        h.call(b, "chat", match=match.id, to=0, text=f"turn {turn}")
        h.advance(60)
    orders(h, b, match.id, "budget 60/30/10")
    copy = Lobby()
    copy.restore(msgpack.unpackb(msgpack.packb(h.records), strict_map_key=False))
    again = copy.matches[match.id]
    assert again.state.state_hash() == match.state.state_hash()
    assert again.pending == match.pending == {1: "budget 60/30/10"}
    assert again.deadline == match.deadline and [c.text for c in again.chat] == [c.text for c in match.chat]
    assert [s.missed for s in again.seats] == [s.missed for s in match.seats]
