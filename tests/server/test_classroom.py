"""Class sessions through the Sans-I/O lobby: joining, balance, late joiners, leavers, pacing, beliefs."""

from __future__ import annotations

from game.wire import decode_server_frame
from server.lobby import Lobby
from tests.server.server_harness import Harness

WORLDS = ["doubly-dangerous", "doubly-safe"]


def make_class(h: Harness, **fields):
    teacher = h.connect()
    created = h.call(teacher, "class-create", scenarios=WORLDS, seats=3, turn_seconds=60, **fields)
    assert created["type"] == "class-created", created
    return teacher, created


def join(h: Harness, code: str, name: str):
    connection = h.connect()
    return connection, h.call(connection, "join", code=code, name=name)


def status(h: Harness, teacher: int, created) -> dict:
    return h.call(teacher, "class-status", session=created["session"], token=created["teacher_token"])


def teach(h: Harness, teacher: int, created, action: str, **fields) -> dict:
    return h.call(teacher, "class-teach", session=created["session"], token=created["teacher_token"], action=action,
                  **fields)


def test_students_spread_over_the_worlds_and_bots_fill_the_rest():
    h = Harness()
    teacher, created = make_class(h)
    assert [m["scenario"] for m in created["matches"]] == WORLDS and "seed" not in created
    joined = [join(h, created["code"], f"s{i}")[1] for i in range(4)]
    assert [j["match"] for j in joined] == [created["matches"][i % 2]["match"] for i in range(4)]
    assert all(j["type"] == "joined" and j["token"] for j in joined)
    teach(h, teacher, created, "start")
    h.run_bots()
    report = status(h, teacher, created)
    assert [r["name"] for r in report["roster"]] == ["s0", "s1", "s2", "s3"]
    first = report["matches"][0]
    assert first["phase"] == "running"
    assert [s["status"] for s in first["seats"]] == ["missing", "missing", "bot", "bot"]
    assert first["seats"][0]["student"] == "s0" and first["seats"][2]["bot"] == "basic"


def test_a_late_student_takes_a_seat_from_its_bot_and_a_leaver_is_stood_in_for_and_returns():
    h = Harness()
    teacher, created = make_class(h, matches=1)
    first, ann = join(h, created["code"], "ann")
    teach(h, teacher, created, "start")
    late, ben = join(h, created["code"], "ben")
    assert ben["type"] == "joined" and ben["seat"] == 1
    match = h.lobby.matches[ben["match"]]
    assert match.bot_for(1) is None and match.seats[1].name == "ben"
    # ann drops: a bot stands in at once; her token brings her back to the same seat.
    h.deliver(h.lobby.disconnect(first, h.now))
    assert match.bot_for(0) == "basic"
    assert [s["status"] for s in status(h, teacher, created)["matches"][0]["seats"]][:2] == ["away", "missing"]
    again = h.connect()
    back = h.call(again, "rejoin", match=ann["match"], token=ann["token"])
    assert back["seat"] == 0 and match.bot_for(0) is None
    # A second "ann" cannot take a seat under her name.
    assert join(h, created["code"], "ANN")[1]["code"] == "name-taken"


def test_the_class_is_full_when_every_student_seat_is_taken():
    h = Harness()
    _, created = make_class(h, matches=1)
    for i in range(3):
        assert join(h, created["code"], f"s{i}")[1]["type"] == "joined"
    assert join(h, created["code"], "s3")[1]["code"] == "match-full"


def test_pacing_all_matches_and_one():
    h = Harness()
    teacher, created = make_class(h)
    student, joined = join(h, created["code"], "ann")
    ids = [m["match"] for m in created["matches"]]
    nothing = teach(h, teacher, created, "pause")  # nothing runs yet: every match is skipped, none changed
    assert nothing["matches"] == [] and nothing["skipped"] == ids
    ack = teach(h, teacher, created, "start")
    assert ack["type"] == "class-ack" and ack["matches"] == ids and ack["skipped"] == []
    assert teach(h, teacher, created, "pause", match=ids[1])["matches"] == [ids[1]]
    assert [h.lobby.matches[m].phase for m in ids] == ["running", "paused"]
    ack = teach(h, teacher, created, "resume")
    assert ack["matches"] == [ids[1]] and ack["skipped"] == [ids[0]]
    deadline = h.lobby.matches[ids[0]].deadline
    teach(h, teacher, created, "extend", seconds=30)
    assert h.lobby.matches[ids[0]].deadline == deadline + 30
    turn = h.lobby.matches[ids[0]].state.turn
    teach(h, teacher, created, "advance")
    assert all(h.lobby.matches[m].state.turn == turn + 1 for m in ids)
    teach(h, teacher, created, "announce", text="Five minutes left")
    assert any(m.get("kind") == "announcement" and m["text"] == "Five minutes left" for m in h.messages(student))
    teach(h, teacher, created, "end")
    assert all(h.lobby.matches[m].phase == "over" for m in ids)
    assert any(m["type"] == "reveal" for m in h.messages(student))
    assert teach(h, teacher, created, "advance", match=ids[0])["code"] == "wrong-phase"


def test_no_student_gets_the_teachers_powers_or_views():
    h = Harness()
    teacher, created = make_class(h)
    student, joined = join(h, created["code"], "ann")
    for kind, fields in (("class-status", {}), ("class-watch", {"match": joined["match"]}),
                         ("class-teach", {"action": "start"})):
        for token in (joined["token"], "0" * 48):
            answer = h.call(student, kind, session=created["session"], token=token, **fields)
            assert answer["code"] == "not-teacher", answer
    assert h.call(student, "host", match=joined["match"], token=joined["token"], action="start")["code"] == "not-host"
    assert h.lobby.matches[joined["match"]].phase == "lobby"
    watched = h.call(teacher, "class-watch", session=created["session"], token=created["teacher_token"],
                     match=joined["match"])
    assert watched["type"] == "class-view" and "seed" not in watched["view"]
    assert {p["aim"] for p in watched["view"]["players"]} <= {"security", "revisionist"}


def test_beliefs_are_recorded_checked_and_kept_in_the_match_log():
    h = Harness()
    teacher, created = make_class(h, matches=1)
    student, joined = join(h, created["code"], "ann")
    stamp = {"match": joined["match"], "turn": 1}
    assert h.call(student, "beliefs", intent="defend", reads=[], **stamp)["code"] == "wrong-phase"
    teach(h, teacher, created, "start")
    ack = h.call(student, "beliefs", intent="defend", reads=[[1, 3, True], [2, 0, False]], **stamp)
    assert ack["type"] == "beliefs-ack"
    for bad in ([[0, 1, False]], [[1, 5, False]], [[1, 1, 1]], [[1, 1, True], [1, 2, False]], [[9, 1, True]]):
        assert h.call(student, "beliefs", intent="defend", reads=bad, **stamp)["code"] == "bad-message"
    assert h.call(student, "beliefs", intent="defend", reads=[], match=joined["match"], turn=7)["code"] == \
        "stale-orders"
    notes = [r for m, r in h.records if m == joined["match"] and r["kind"] == "belief"]
    assert notes == [{"kind": "belief", "seat": 0, "turn": 1, "intent": "defend",
                      "reads": [[1, 3, True], [2, 0, False]], "at": h.now}]


def test_beliefs_off_refuses_the_record():
    h = Harness()
    teacher, created = make_class(h, matches=1, beliefs=False)
    student, joined = join(h, created["code"], "ann")
    teach(h, teacher, created, "start")
    assert h.call(student, "beliefs", intent="defend", reads=[], match=joined["match"], turn=1)["code"] == \
        "beliefs-off"


def test_a_restart_rebuilds_the_sessions_from_the_records():
    h = Harness()
    teacher, created = make_class(h)
    student, joined = join(h, created["code"], "ann")
    teach(h, teacher, created, "start")
    teach(h, teacher, created, "announce", text="hello class")
    h.deliver(h.lobby.disconnect(student, h.now))
    restored = Lobby()
    assert restored.restore(h.records) == {}
    session = restored.classroom.sessions[created["session"]]
    assert session == h.lobby.classroom.sessions[created["session"]]
    assert restored.matches[joined["match"]].bot_for(0) == "basic"  # still away


def test_a_bug_in_a_class_command_undoes_every_match_it_touched(monkeypatch):
    h = Harness()
    teacher, created = make_class(h)
    join(h, created["code"], "ann")
    ids = [m["match"] for m in created["matches"]]
    calls = []
    original = h.lobby.host_command

    def failing(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return original(*args)

    monkeypatch.setattr(h.lobby, "host_command", failing)
    records = len(h.records)
    answer = teach(h, teacher, created, "start")
    assert answer["code"] == "internal"
    assert [h.lobby.matches[m].phase for m in ids] == ["lobby", "lobby"] and len(h.records) == records


def test_frames_decode():
    h = Harness()
    teacher, created = make_class(h)
    assert all(decode_server_frame(f) for f in h.inbox[teacher])


# --- injects (RULES §11.5) and aims set by the teacher ----------------------------------------------

def _reports(h: Harness, connection: int) -> list[dict]:
    """The report of the newest view this connection was sent (a sync or a turn)."""
    views = [m["view"] for m in h.messages(connection) if m.get("type") in ("sync", "turn") and m.get("view")]
    return views[-1]["report"]


def test_an_inject_reaches_every_seat_worded_for_it_and_changes_nothing_else():
    h = Harness()
    teacher, created = make_class(h, matches=1)
    students = [join(h, created["code"], name) for name in ("ann", "ben", "cat")]
    teach(h, teacher, created, "start")
    match = h.lobby.matches[created["matches"][0]["match"]]
    h.call(students[0][0], "orders", match=match.id, turn=1, version=match.state.version, orders="budget 50/40/10")
    before, version, pending = match.state, match.state.version, dict(match.pending)
    ack = teach(h, teacher, created, "inject", inject="border-incident", about=1)
    assert ack["type"] == "class-ack" and ack["matches"] == [match.id]
    after = match.state
    assert after.version == version and after.turn == before.turn and match.pending == pending
    assert after.units == before.units and after.state_hash() != before.state_hash()
    told = [_reports(h, connection)[-1] for connection, _ in students]
    assert [t["kind"] for t in told] == ["inject"] * 3
    subject, other = told[1]["details"]["about"], told[1]["details"]["other"]
    assert subject == 1 and other != 1 and "your patrols" in told[1]["details"]["text"]
    for seat, copy in enumerate(told):  # the subject's and the neighbour's wordings are their own
        assert ("your patrols" in copy["details"]["text"]) == (seat in (subject, other))
        alerts = [m for m in h.messages(students[seat][0]) if m.get("kind") == "inject"]
        assert [a["text"] for a in alerts] == [f"{copy['details']['title']}: {copy['details']['text']}"]
    # Orders given before the inject still stand and resolve; the inject is gone from the next report.
    teach(h, teacher, created, "advance")
    assert match.state.turn == 2 and all(e.kind != "inject" for e in match.state.events)


def test_an_inject_is_refused_for_a_bad_kind_or_seat_and_records_nothing():
    h = Harness()
    teacher, created = make_class(h, matches=1)
    teach(h, teacher, created, "start")
    records = len(h.records)
    assert teach(h, teacher, created, "inject", inject="invasion")["code"] == "bad-request"
    match_id = created["matches"][0]["match"]
    answer = teach(h, teacher, created, "inject", inject="rumour-massing", about=7, match=match_id)
    assert answer["code"] == "bad-request" and answer["detail"] == "bad-inject"
    assert len(h.records) == records


def test_an_inject_survives_a_restart_and_replays_to_the_same_state():
    h = Harness()
    teacher, created = make_class(h)
    join(h, created["code"], "ann")
    teach(h, teacher, created, "start")
    teach(h, teacher, created, "inject", inject="rumour-massing")  # the seat is drawn in each match
    teach(h, teacher, created, "advance")
    teach(h, teacher, created, "inject", inject="border-incident", about=0)
    restored = Lobby()
    assert restored.restore(h.records) == {}
    for match in created["matches"]:
        old, new = h.lobby.matches[match["match"]], restored.matches[match["match"]]
        assert new.state.state_hash() == old.state.state_hash()
        assert [s.state_hash() for s in new.states] == [s.state_hash() for s in old.states]
        assert any(e.kind == "inject" for e in new.states[-1].events)  # the first turn's rumour, in its history


def test_the_teacher_sets_the_aims_per_match_and_a_restart_keeps_them():
    h = Harness()
    teacher, created = make_class(h, matches=3, aims=["security", "revisionist:2", "scenario"])
    ids = [m["match"] for m in created["matches"]]
    aims = [[p.aim for p in h.lobby.matches[m].state.players] for m in ids]
    assert aims[0] == ["security"] * 4
    assert aims[1] == ["security", "security", "revisionist", "security"]
    session = h.lobby.classroom.sessions[created["session"]]
    assert session.aims == ("security", "revisionist:2", "scenario")
    restored = Lobby()
    restored.restore(h.records)
    assert [[p.aim for p in restored.matches[m].state.players] for m in ids] == aims
    assert restored.classroom.sessions[created["session"]].aims == session.aims
    # The public range is still the scenario's: a seat's view says nothing new.
    scenario = h.lobby.matches[ids[1]].scenario
    assert scenario.revisionists == restored.matches[ids[1]].scenario.revisionists


def test_bad_aims_are_refused_before_any_match_is_made():
    h = Harness()
    teacher = h.connect()
    for aims in (["revisionist:9"], ["greedy"], ["revisionist:"]):
        answer = h.call(teacher, "class-create", scenarios=WORLDS, aims=aims)
        assert answer["code"] == "bad-request" and answer["detail"] == "bad-aims", answer
    assert h.lobby.matches == {}


# --- teams: several connections, one seat, one set of orders -----------------------------------------

def test_a_team_shares_one_seat_and_one_set_of_orders():
    h = Harness()
    teacher, created = make_class(h, matches=1, teams=True)
    first, ann = join(h, created["code"], "red team")
    second, again = join(h, created["code"], "Red Team")  # the same pseudonym: the same seat
    assert again["type"] == "joined" and (again["match"], again["seat"]) == (ann["match"], ann["seat"])
    assert again["token"] != ann["token"]
    match = h.lobby.matches[ann["match"]]
    assert h.lobby.members(match.id, ann["seat"]) == (first, second)
    assert [s.name for s in h.lobby.classroom.sessions[created["session"]].students] == ["red team"]
    teach(h, teacher, created, "start")
    stamp = {"match": match.id, "turn": 1, "version": 0}
    h.inbox[first].clear()
    ack = h.call(second, "orders", orders="budget 20/70/10", **stamp)
    assert ack["type"] == "ack" and ack["orders"] == "budget 20/70/10"
    relayed = [m for m in h.messages(first) if m["type"] == "ack"]
    assert relayed == [{**ack, "id": None}]  # the other member sees it, as news rather than an answer
    h.inbox[second].clear()
    mine = h.call(first, "orders", orders="budget 60/30/10", **stamp)  # the last submitted stands
    assert [m["orders"] for m in h.messages(second) if m["type"] == "ack"] == [mine["orders"]]
    assert match.pending == {ann["seat"]: "budget 60/30/10"}
    teach(h, teacher, created, "advance")
    assert match.state.players[ann["seat"]].budget.military == 60
    # One member drops: the seat is still held, no bot stands in; the last one drops: away.
    h.deliver(h.lobby.disconnect(first, h.now))
    assert match.bot_for(ann["seat"]) is None and h.lobby.is_connected(match.id, ann["seat"])
    h.deliver(h.lobby.disconnect(second, h.now))
    assert match.bot_for(ann["seat"]) == "basic"
    # After a restart either member's token opens the seat again.
    restored = Lobby()
    restored.restore(h.records)
    assert restored.matches[match.id].check_token(ann["seat"], again["token"])
    assert restored.matches[match.id].check_token(ann["seat"], ann["token"])


def test_without_teams_a_name_is_one_seat_and_a_token_takes_the_seat_over():
    h = Harness()
    _, created = make_class(h, matches=1)
    first, ann = join(h, created["code"], "ann")
    assert join(h, created["code"], "ann")[1]["code"] == "name-taken"
    other = h.connect()
    h.call(other, "rejoin", match=ann["match"], token=ann["token"])
    assert h.lobby.members(ann["match"], ann["seat"]) == (other,)
    assert any(m.get("kind") == "replaced" for m in h.messages(first))


# --- assigning students by hand ------------------------------------------------------------------------

def test_a_student_assigned_before_joining_is_seated_where_the_teacher_said():
    h = Harness()
    teacher, created = make_class(h)
    ids = [m["match"] for m in created["matches"]]
    ack = teach(h, teacher, created, "assign", student="Zed", match=ids[1], seat=2)
    assert ack["type"] == "class-ack" and ack["matches"] == [ids[1]]
    others = [join(h, created["code"], name)[1] for name in ("a", "b", "c", "d", "e")]
    assert (ids[1], 2) not in [(j["match"], j["seat"]) for j in others]  # kept for Zed
    zed = join(h, created["code"], "zed")[1]
    assert (zed["match"], zed["seat"]) == (ids[1], 2)
    assert teach(h, teacher, created, "assign", student="Yan", match=ids[1], seat=3)["code"] == "bad-request"
    assert teach(h, teacher, created, "assign", student="Yan", match=ids[1], seat=2)["code"] == "seat-taken"


def test_a_joined_student_moved_by_hand_follows_with_their_window_and_token():
    h = Harness()
    teacher, created = make_class(h)
    ids = [m["match"] for m in created["matches"]]
    connection, ann = join(h, created["code"], "ann")
    assert ann["match"] == ids[0]
    teach(h, teacher, created, "start")
    h.inbox[connection].clear()
    ack = teach(h, teacher, created, "assign", student="ANN", match=ids[1])
    assert ack["type"] == "class-ack"
    old, new = h.lobby.matches[ids[0]], h.lobby.matches[ids[1]]
    assert old.seats[0].bot == "basic" and new.seats[0].name == "ann" and new.bot_for(0) is None
    told = h.messages(connection)
    assert told[0]["type"] == "joined" and (told[0]["match"], told[0]["seat"], told[0]["token"]) == (ids[1], 0, None)
    assert told[1]["type"] == "sync" and told[1]["view"]["player"] == 0 and told[1]["match"] == ids[1]
    assert h.call(connection, "orders", match=ids[1], turn=1, version=0, orders="budget 30/60/10")["type"] == "ack"
    assert h.call(connection, "orders", match=ids[0], turn=1, version=0, orders="")["code"] == "not-in-match"
    # Her window still remembers the old match: her token finds her new seat.
    again = h.connect()
    back = h.call(again, "rejoin", match=ids[0], token=ann["token"])
    assert (back["match"], back["seat"]) == (ids[1], 0)
    session = h.lobby.classroom.sessions[created["session"]]
    assert [(s.name, s.match, s.seat) for s in session.students] == [("ann", ids[1], 0)]
    restored = Lobby()
    assert restored.restore(h.records) == {}
    assert restored.classroom.sessions[created["session"]] == session
    assert restored.matches[ids[1]].check_token(0, ann["token"]) and restored.matches[ids[0]].seats[0].bot == "basic"
