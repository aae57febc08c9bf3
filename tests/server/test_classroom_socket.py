"""A class session over real sockets: access control, a restart in the middle, the teacher's command line."""

from __future__ import annotations

import asyncio
import json

from game.cli import main
from game.play_command import EmbeddedServer
from server.app import SpiralServer
from server.storage import Store
from tests.server.client_helpers import Client


def test_no_route_gives_a_student_the_teachers_powers_another_seat_or_another_match(tmp_path):
    async def main_():
        server = SpiralServer(Store(tmp_path / "log.sqlite3"))
        port = await server.start("127.0.0.1", 0)
        try:
            teacher = await Client.open(port)
            created = await teacher.call("class-create", scenarios=["doubly-safe", "doubly-dangerous"], seats=2,
                                         turn_seconds=0)
            session, token = created["session"], created["teacher_token"]
            students = [await Client.open(port) for _ in range(3)]
            joined = [await s.call("join", code=created["code"], name=f"s{i}") for i, s in enumerate(students)]
            ann, ben, cat = joined  # ann and cat share the first match, ben has the second
            assert ann["match"] == cat["match"] != ben["match"]
            await teacher.call("class-teach", session=session, token=token, action="start")
            a = students[0]
            for kind, fields in (("class-status", {}), ("class-watch", {"match": ann["match"]}),
                                 ("class-teach", {"action": "end"}), ("class-teach", {"action": "advance"})):
                for guess in (ann["token"], created["code"], "f" * 48):
                    answer = await a.call(kind, session=session, token=guess, **fields)
                    assert answer["code"] == "not-teacher", answer
            assert (await a.call("host", match=ann["match"], token=ann["token"], action="advance"))["code"] == "not-host"
            # Another match: no sync, history, orders or beliefs; its seat tokens are not ann's.
            for kind, fields in (("sync", {}), ("history", {}), ("beliefs", {"turn": 1, "intent": "defend", "reads": []}),
                                 ("orders", {"turn": 1, "version": 0, "orders": ""})):
                answer = await a.call(kind, match=ben["match"], **fields)
                assert answer["code"] == "not-in-match", answer
            assert (await a.call("rejoin", match=ben["match"], token=ann["token"]))["code"] == "bad-token"
            # Another seat of her own match: her token opens only her seat, and her sync is her view.
            assert (await a.call("rejoin", match=cat["match"], token=ann["token"]))["seat"] == ann["seat"]
            sync = await a.until(lambda m: m["type"] == "sync")
            assert sync["view"]["player"] == ann["seat"] and "seed" not in sync["view"]
            assert "aim" not in json.dumps(sync["view"]["rivals"])  # her own aim only
            status = await teacher.call("class-status", session=session, token=token)
            assert sorted(r["name"] for r in status["roster"]) == ["s0", "s1", "s2"]
            assert all(m["phase"] == "running" for m in status["matches"])
        finally:
            await server.stop()
    asyncio.run(asyncio.wait_for(main_(), 60))


def test_a_restart_in_the_middle_of_the_lesson_loses_nothing_acknowledged(tmp_path):
    db = tmp_path / "log.sqlite3"

    async def first():
        server = SpiralServer(Store(db))
        port = await server.start("127.0.0.1", 0)
        try:
            teacher = await Client.open(port)
            created = await teacher.call("class-create", scenarios=["doubly-safe"], seats=2, turn_seconds=0)
            student = await Client.open(port)
            joined = await student.call("join", code=created["code"], name="ann")
            await teacher.call("class-teach", session=created["session"], token=created["teacher_token"],
                               action="start")
            stamp = {"match": joined["match"], "turn": 1, "version": 0}
            ack = await student.call("orders", orders="budget 20/70/10", **stamp)
            assert ack["type"] == "ack"
            assert (await student.call("beliefs", match=joined["match"], turn=1, intent="deter",
                                       reads=[[1, 4, True]]))["type"] == "beliefs-ack"
            return created, joined, ack
        finally:
            await server.stop()

    async def second(created, joined, ack):
        server = SpiralServer(Store(db))
        port = await server.start("127.0.0.1", 0)
        try:
            student = await Client.open(port)
            assert (await student.call("rejoin", match=joined["match"], token=joined["token"]))["seat"] == joined["seat"]
            sync = await student.until(lambda m: m["type"] == "sync")
            assert sync["orders"] == ack["orders"] and sync["phase"] == "running"
            teacher = await Client.open(port)
            status = await teacher.call("class-status", session=created["session"], token=created["teacher_token"])
            assert status["roster"] == [{"name": "ann", "match": joined["match"], "seat": 0, "connected": True}]
            assert status["matches"][0]["seats"][0]["status"] == "submitted"
        finally:
            await server.stop()

    created, joined, ack = asyncio.run(asyncio.wait_for(first(), 60))
    asyncio.run(asyncio.wait_for(second(created, joined, ack), 60))
    beliefs = [r for _, r in Store(db).load() if r["kind"] == "belief"]
    assert [(b["seat"], b["intent"], b["reads"]) for b in beliefs] == [(0, "deter", [[1, 4, True]])]


def test_the_teachers_command_line_creates_paces_and_reports(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server = EmbeddedServer(tmp_path / "log.sqlite3")
    server.start()
    try:
        assert main(["classroom", "create", "--server", server.url, "--scenarios", "doubly-safe,doubly-dangerous",
                     "--seats", "2", "--turn-seconds", "0", "--save", "class.txt", "--aims", "revisionist:3"]) == 0
        out = capsys.readouterr().out
        saved = json.loads((tmp_path / "class.txt").read_text())
        assert f"Class code: {saved['code']}" in out and saved["token"] in out
        # Before the start (bots alone would play these matches through at once): an inject in both.
        assert main(["classroom", "inject", "rumour-massing", "--about", "2", "--from", "class.txt"]) == 0
        assert "inject: 2 match(es)" in capsys.readouterr().out
        assert main(["classroom", "inject", "invasion", "--from", "class.txt"]) == 2
        assert "no inject kind 'invasion'" in capsys.readouterr().err
        assert main(["classroom", "status", "--from", "class.txt", "--json"]) == 0
        second = json.loads(capsys.readouterr().out)["matches"][1]["match"]
        assert main(["classroom", "assign", "zed", "--match", second, "--seat", "1", "--from", "class.txt"]) == 0
        assert "assign: 1 match(es)" in capsys.readouterr().out
        assert main(["classroom", "assign", "zed", "--from", "class.txt"]) == 2
        assert "assign needs --match" in capsys.readouterr().err
        assert main(["classroom", "start", "--from", "class.txt"]) == 0
        assert "start: 2 match(es)" in capsys.readouterr().out
        assert main(["classroom", "status", "--from", "class.txt"]) == 0
        assert capsys.readouterr().out.count("running") == 2
        assert main(["classroom", "status", "--from", "class.txt", "--token", "0" * 48]) == 2
        assert "not-teacher" in capsys.readouterr().err
        assert main(["classroom", "status", "--from", "class.txt", "--json"]) == 0
        first = json.loads(capsys.readouterr().out)["matches"][0]["match"]
        assert main(["classroom", "watch", "--match", first, "--from", "class.txt"]) == 0
        watched = capsys.readouterr().out.splitlines()
        assert main(["classroom", "assign", "zed", "--match", first, "--from", "class.txt"]) == 2
        assert "wrong-phase" in capsys.readouterr().err  # it is over: bots alone played it through
        assert [line.split()[1] for line in watched[1:]] == ["security", "security", "security", "revisionist"]
    finally:
        server.stop()


def test_a_team_of_two_connections_holds_one_seat_over_real_sockets(tmp_path):
    db = tmp_path / "log.sqlite3"

    async def lesson():
        server = SpiralServer(Store(db))
        port = await server.start("127.0.0.1", 0)
        try:
            teacher = await Client.open(port)
            created = await teacher.call("class-create", scenarios=["doubly-dangerous"], seats=2, turn_seconds=0,
                                         teams=True)
            session, token = created["session"], created["teacher_token"]
            red_a, red_b, blue = [await Client.open(port) for _ in range(3)]
            a = await red_a.call("join", code=created["code"], name="Red")
            b = await red_b.call("join", code=created["code"], name="red")
            c = await blue.call("join", code=created["code"], name="Blue")
            assert a["seat"] == b["seat"] == 0 and c["seat"] == 1 and a["token"] != b["token"]
            await teacher.call("class-teach", session=session, token=token, action="start")
            stamp = {"match": a["match"], "turn": 1, "version": 0}
            # Each member sees what the other submits; the last submitted stands.
            sent_b = await red_b.call("orders", orders="budget 70/20/10", **stamp)
            seen_by_a = await red_a.until(lambda m: m["type"] == "ack")
            assert seen_by_a == {**sent_b, "id": None}
            sent_a = await red_a.call("orders", orders="budget 40/50/10", **stamp)
            seen_by_b = await red_b.until(lambda m: m["type"] == "ack")
            assert seen_by_b["orders"] == sent_a["orders"] == "budget 40/50/10" and seen_by_b["id"] is None
            assert (await blue.call("orders", orders="budget 10/80/10", **stamp))["type"] == "ack"
            await teacher.call("class-teach", session=session, token=token, action="advance")
            turn_a = await red_a.until(lambda m: m["type"] == "turn")
            turn_b = await red_b.until(lambda m: m["type"] == "turn")
            turn_c = await blue.until(lambda m: m["type"] == "turn")
            # One set of orders resolved for the seat, and both members were shown the very same view.
            assert turn_a == turn_b and turn_a["view"]["budget"] == "40/50/10"
            assert turn_c["view"]["player"] == 1 and turn_c["view"]["budget"] == "10/80/10"
            assert not [m for m in blue.seen if m["type"] == "ack" and m.get("orders", "").startswith("budget 4")]
            # One member leaves: the seat is still the team's (no bot stands in); the other can still act.
            await red_a.close()
            status = await teacher.call("class-status", session=session, token=token)
            assert status["matches"][0]["seats"][0]["status"] in ("missing", "submitted")
            ack = await red_b.call("orders", orders="budget 50/40/10", match=a["match"], turn=2, version=1)
            assert ack["type"] == "ack"
            return a, b
        finally:
            await server.stop()

    async def after_restart(a, b):
        server = SpiralServer(Store(db))
        port = await server.start("127.0.0.1", 0)
        try:
            members = [await Client.open(port) for _ in range(2)]
            for member, joined in zip(members, (a, b)):  # each member's own token opens the seat again
                back = await member.call("rejoin", match=joined["match"], token=joined["token"])
                assert back["type"] == "joined" and back["seat"] == 0
            syncs = [await m.until(lambda x: x["type"] == "sync") for m in members]
            assert syncs[0]["orders"] == syncs[1]["orders"] == "budget 50/40/10"  # nothing acknowledged lost
        finally:
            await server.stop()

    a, b = asyncio.run(asyncio.wait_for(lesson(), 60))
    asyncio.run(asyncio.wait_for(after_restart(a, b), 60))
