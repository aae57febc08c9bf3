"""A whole lesson over real sockets: 12 students in 4 worlds with aims the teacher set, pacing, an
announcement, injects, beliefs, a late joiner and a leaver, the end, and the report (CSV columns, PNGs,
HTML rendered by Chromium)."""

from __future__ import annotations

import asyncio
import csv
import html
import re

from game.cli import main
from game.debrief.report import READ_FIELDS, TURN_FIELDS, WORLD_FIELDS
from server.app import SpiralServer
from server.storage import Store
from tests.debrief.chromium import render
from tests.server.client_helpers import Client

WORLDS = ["doubly-dangerous", "aggression-possible", "compatible-security", "doubly-safe"]


async def play_turn(student: Client, joined: dict, turn: int, military: int) -> None:
    """Record beliefs and send orders (not ready: the teacher paces the turns with ``advance``)."""
    sync = await student.call("sync", match=joined["match"])
    view = sync["view"]
    assert view["turn"] == turn, (view["turn"], turn)
    rivals = [r["id"] for r in view["rivals"]]
    reads = [[rival, (rival + turn) % 5, rival % 2 == 0] for rival in rivals]
    assert (await student.call("beliefs", match=joined["match"], turn=turn, intent="defend", reads=reads))["type"] \
        == "beliefs-ack"
    stamp = {"match": joined["match"], "turn": view["turn"], "version": view["version"]}
    assert (await student.call("orders", orders=f"budget {military}/{90 - military}/10", **stamp))["type"] == "ack"


def test_a_whole_lesson_and_its_debrief(tmp_path):
    db = tmp_path / "lesson.sqlite3"

    async def lesson():
        server = SpiralServer(Store(db))
        port = await server.start("127.0.0.1", 0)
        try:
            teacher = await Client.open(port)
            created = await teacher.call("class-create", scenarios=WORLDS, seats=3, turn_seconds=0,
                                         name="IR 101", aims=["scenario", "security", "revisionist:1", "scenario"])
            session, token = created["session"], created["teacher_token"]

            async def teach(action, **fields):
                answer = await teacher.call("class-teach", session=session, token=token, action=action, **fields)
                assert answer["type"] == "class-ack", answer
                return answer

            students, joined = [], []
            for i in range(11):  # the twelfth comes late
                client = await Client.open(port)
                students.append(client)
                joined.append(await client.call("join", code=created["code"], name=f"student{i:02}"))
            counts = {m["match"]: sum(j["match"] == m["match"] for j in joined) for m in created["matches"]}
            assert sorted(counts.values()) == [2, 3, 3, 3]  # balanced across the worlds
            await teach("start")
            await teach("announce", text="Turn 1: read your neighbours carefully")
            # An inject in every match, about seat 1 (a student everywhere): each reads its own wording,
            # at once (an event for the alert, a sync whose report holds it), turn and version unchanged.
            injected = await teach("inject", inject="border-incident", about=1)
            assert injected["matches"] == [m["match"] for m in created["matches"]] and not injected["skipped"]
            for student, seat in zip(students, joined):
                news = await student.until(lambda m: m.get("type") == "event" and m.get("kind") == "inject")
                synced = await student.until(lambda m: m.get("type") == "sync")
                told = synced["view"]["report"][-1]
                assert (synced["view"]["turn"], synced["view"]["version"]) == (1, 0)
                assert told["kind"] == "inject" and told["details"]["about"] == 1
                assert news["text"] == f"Border incident: {told['details']['text']}"
                assert ("your patrols" in told["details"]["text"]) == \
                    (seat["seat"] in (1, told["details"]["other"]))
            for turn in (1, 2):
                if turn == 2:
                    late = await Client.open(port)
                    students.append(late)
                    joined.append(await late.call("join", code=created["code"], name="latecomer"))
                    assert counts[joined[-1]["match"]] == 2  # the one match with a seat free
                    # The leaver: student00 closes the window; a bot stands in for the rest.
                    await students[0].close()
                for index, (student, seat) in enumerate(zip(students, joined)):
                    if turn == 2 and index == 0:
                        continue
                    await play_turn(student, seat, turn, 30 + 20 * turn)
                if turn == 2:  # a rumour in one match only, after its students sent their orders
                    rumour = await teach("inject", inject="rumour-massing", match=joined[1]["match"])
                    assert rumour["matches"] == [joined[1]["match"]]
                await teach("advance")  # a bot still thinking holds this turn: the teacher moves on
            status = await teacher.call("class-status", session=session, token=token)
            statuses = [s["status"] for m in status["matches"] for s in m["seats"]]
            assert "away" in statuses and statuses.count("bot") == 4  # one bot seat a match
            await teach("end")
            await asyncio.sleep(0)
            return session
        finally:
            await server.stop()

    session = asyncio.run(asyncio.wait_for(lesson(), 120))
    out = tmp_path / "report"
    assert main(["report", "--db", str(db), "--session", session, "--out", str(out)]) == 0
    with open(out / "turns.csv") as file:
        rows = list(csv.DictReader(file))
    assert tuple(rows[0]) == TURN_FIELDS
    assert len(rows) == 4 * 2 * 4  # 4 matches, 2 turns, 4 seats
    assert {r["played_by"] for r in rows} >= {"latecomer", "student01", "bot basic"}
    assert {r["intent"] for r in rows} == {"defend", ""}
    assert [r["military_share"] for r in rows if r["played_by"] == "student05"] == ["50", "70"]
    # The aims the teacher set: the second world all security seekers, the third Boreal alone revisionist.
    aims = {(r["scenario"], r["seat"]): r["aim"] for r in rows}
    assert [aims[(WORLDS[1], str(seat))] for seat in range(4)] == ["security"] * 4
    assert [aims[(WORLDS[2], str(seat))] for seat in range(4)] == ["security", "revisionist", "security", "security"]
    with open(out / "reads.csv") as file:
        reads = list(csv.reader(file))
    assert tuple(reads[0]) == READ_FIELDS and any(r[4] for r in reads[1:])
    with open(out / "worlds.csv") as file:
        worlds = list(csv.DictReader(file))
    assert tuple(worlds[0]) == WORLD_FIELDS and [w["scenario"] for w in worlds] == WORLDS
    pngs = sorted(out.glob("*.png"))
    assert len(pngs) == 5 and all(p.stat().st_size > 1000 for p in pngs)
    page = (out / "report.html").read_text()
    assert "src=\"http" not in page and "<script" not in page and "<link" not in page  # self-contained

    dom, log = render(out / "report.html", tmp_path / "report.png", tmp_path / "chromium-profile")
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert "CONSOLE" not in log and "Uncaught" not in log, log[-2000:]
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", dom, flags=re.S)))
    text = re.sub(r"\s+", " ", text)
    assert "IR 101" in text and "The worlds compared" in text
    for title in ("Doubly dangerous", "Aggression possible", "Compatible security", "Doubly safe"):
        assert text.count(title) >= 2, title  # its row in the table and its section
    assert "The spiral, as it happened" in text
    assert re.search(r"turn 2: \w+ raised its military share from 50% to 70% \(meaning to defend\)", text) or \
        re.search(r"turn 2: \w+ raised its military share to 70% after seeing", text), text[:3000]
    assert "the teacher announced: Turn 1: read your neighbours carefully" in text
    # Each match's timeline, and again in its turn of the step-through.
    assert text.count("turn 1: the teacher's inject: Border incident: Border incident near") == 4 * 2
    assert text.count("turn 2: the teacher's inject: Rumour: A rumour is going round the capitals") == 1 * 2
    assert "Misperception matrix" in text and "recorded" in text
