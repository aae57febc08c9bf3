"""The "Teach a class" screen against a real server: create a class hosted here, see students join and
their seats' states, pace every match, announce, watch one match with full information, and come
back to the class from the menu after the window was closed."""

from __future__ import annotations

import os

import pygame
import pygame_gui

from game.assets import load_scenario
from game.client.protocol.session import Session
from game.client.protocol.teacher import Teacher
from game.wire.class_messages import parse_class_message
from game.client.protocol.transport import Connection
from game.client.screens.teach import TeachScreen
from tests.client.client_harness import Pump
from tests.client.menu_harness import frame, press


def click(app, label: str) -> None:
    scene = app.scene
    button = next(w for w in scene._widgets if isinstance(w, pygame_gui.elements.UIButton) and w.text == label)
    scene.handle(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button}))
    frame(app)


def poll(app, screen: TeachScreen, done, rounds: int = 400) -> None:
    """Frames until ``done()``, waiting (bounded) for the teacher's connection between them."""
    for _ in range(rounds):
        screen.next_poll = 0.0  # ask again every frame: the test does not wait for the timer
        frame(app)
        if done():
            return
        connection = screen.connection
        if connection is not None:
            with connection.incoming.not_empty:
                if not connection.incoming.queue:
                    connection.incoming.not_empty.wait(2.0)
    raise AssertionError("the teacher's screen never reached the state wanted")


def student(url: str, code: str, name: str) -> tuple[Connection, Pump]:
    connection = Connection(url).start()
    pump = Pump(Session(load_scenario, name), connection)
    pump.session.start_join(code, name)
    pump.until(lambda m: m.TYPE == "sync")
    return connection, pump


def test_a_teacher_creates_paces_and_watches_a_class_from_the_window(app, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app.show(TeachScreen(app))
    screen = app.scene
    screen.server_choice = "host it here, this machine only"
    screen.port_text = "0"
    screen.worlds, screen.matches, screen.students, screen.timer = "the four worlds (Jervis)", "4", "3", "2 minutes"
    screen.title = "IR 101"
    screen.aims = "aims: every state a security seeker"
    screen.rebuild()
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        frame(app)
        pygame.image.save(app.window, os.path.join(folder, "teach-form.png"))
    press(app, pygame.K_RETURN)
    assert screen.state == "class" and app.hosted is not None
    poll(app, screen, lambda: screen.teacher.status is not None)
    status = screen.teacher.status
    assert status.name == "IR 101" and len(status.matches) == 4 and status.roster == []
    students = [student(app.hosted.url, status.code, name) for name in ("owl", "fox", "elk", "jay", "yak")]
    try:
        poll(app, screen, lambda: len(screen.teacher.status.roster) == 5)
        click(app, "Start")
        poll(app, screen, lambda: all(m.phase == "running" for m in screen.teacher.status.matches))
        states = [s.status for m in screen.teacher.status.matches for s in m.seats]
        assert states.count("missing") == 5 and states.count("bot") == 11
        # The picked match (the first) with full information: every state's aim.
        poll(app, screen, lambda: screen.teacher.watched is not None)
        assert [p.aim for p in screen.teacher.watched.players] == ["security"] * 4  # the aims the form set
        assert len(screen.teacher.watched.players) == 4
        # One student sends orders: seen as "submitted".
        connection, pump = students[0]
        view = pump.session.view
        pump.session.request("orders", match=pump.session.match, turn=view.turn, version=view.version,
                             orders="budget 50/40/10")
        pump.until(lambda m: m.TYPE == "ack")
        poll(app, screen, lambda: "submitted" in [s.status for m in screen.teacher.status.matches for s in m.seats])
        screen.announcement = "Record your beliefs"
        click(app, "Announce")
        pump.until(lambda m: getattr(m, "kind", None) == "announcement")
        assert pump.session.notices[-1] == "Teacher: Record your beliefs"
        # An inject about the first state, from the row under the full-information panel: the student's
        # window gets the news as a notice and in its view's report (its own wording), orders kept.
        screen.inject = "inject: border incident"
        screen.about = screen._about_choices()[1]
        assert screen.about == "about: Ardent (0)"
        click(app, "Send inject")
        pump.until(lambda m: getattr(m, "kind", None) == "inject")
        pump.until(lambda m: m.TYPE == "sync")
        news = pump.session.view.report[-1]
        assert news.kind == "inject" and news.subject == 0 and "your patrols" in news.text
        assert pump.session.notices[-1] == f"News: Border incident: {news.text}"
        assert pump.session.acked_orders == "budget 50/40/10"
        # By hand: a latecomer the teacher puts in the picked match (the first) before they join.
        screen.assign_name = "Newt"
        click(app, "Assign to the match picked")
        poll(app, screen, lambda: screen.teacher.notices and screen.teacher.notices[-1].startswith("assign"))
        students.append(student(app.hosted.url, status.code, "newt"))
        assert students[-1][1].session.match == screen.picked
        click(app, "Pause")
        poll(app, screen, lambda: all(m.phase == "paused" for m in screen.teacher.status.matches))
        if folder:
            pygame.image.save(app.window, os.path.join(folder, "teach-class.png"))
        click(app, "Resume")
        click(app, "Advance")
        poll(app, screen, lambda: all(m.turn == 2 for m in screen.teacher.status.matches))
        remembered = app.settings.last_class
        assert remembered[1] == status.session and remembered[3] == status.code
        # The window is closed and opened again: the menu's Teach a class offers the class back.
        screen.close()
        again = TeachScreen(app)
        app.show(again)
        click(app, f"Back to class {status.code}")
        poll(app, again, lambda: again.teacher.status is not None)
        assert again.teacher.status.session == status.session and len(again.teacher.status.roster) == 6
        again.close()
    finally:
        for connection, _ in students:
            connection.close()


def test_malformed_answers_are_ignored_and_refusals_noted():
    teacher = Teacher()
    teacher.start_open("s1", "t")
    teacher.data_to_send()
    from game.wire import encode

    teacher.receive_frame(encode({"type": "class-status", "id": 2, "session": "s1", "code": 5}))
    assert teacher.status is None
    teacher.receive_frame(encode({"type": "error", "id": 9, "code": "not-teacher", "message": "no"}))
    assert teacher.notices[-1] == "refused: no (not-teacher)"
    teacher.receive_frame(b"\xc1junk")
    good = {"session": "s1", "code": "ABCDEFGH", "name": "C", "beliefs": True,
            "roster": [{"name": "a", "match": "m", "seat": 0, "connected": True}], "announcements": [],
            "matches": [{"match": "m", "scenario": "duel", "phase": "running", "turn": 1, "turns": 20,
                         "deadline": None, "seats": [{"seat": 0, "player": "A", "student": "a", "bot": None,
                                                      "status": "ready"}]}]}
    assert parse_class_message({"type": "class-status", "id": 2, **good}).roster[0].connected
    teacher.receive_frame(encode({"type": "class-status", "id": 2, **good}))
    assert teacher.status is not None and teacher.status.matches[0].seats[0].status == "ready"
    bad_seat = {**good, "matches": [{**good["matches"][0], "seats": [{**good["matches"][0]["seats"][0],
                                                                    "status": "asleep"}]}]}
    teacher.receive_frame(encode({"type": "class-status", "id": 3, **bad_seat}))
    assert teacher.status.matches[0].seats[0].status == "ready"  # the malformed one was ignored


def test_after_a_dropped_connection_the_teacher_carries_on_without_typing_anything():
    from game.wire import decode_frame

    teacher = Teacher()
    assert not teacher.resume()  # no class yet: nothing to take back
    teacher.start_create(["doubly-safe"], matches=1, seats=2, turn_seconds=0, press="full", beliefs=True, name="C")
    teacher.data_to_send()
    from game.wire import encode

    teacher.receive_frame(encode({"type": "class-created", "id": 2, "session": "s1", "code": "ABCDEFGH",
                                  "teacher_token": "tok", "matches": [{"match": "m", "scenario": "doubly-safe",
                                                                       "code": "HGFEDCBA"}]}))
    teacher.data_to_send()
    assert teacher.resume()  # what a new connection sends first: hello, then the class's status
    sent = [decode_frame(frame) for frame in teacher.data_to_send()]
    assert [m["type"] for m in sent] == ["hello", "class-status"]
    assert sent[1]["session"] == "s1" and sent[1]["token"] == "tok"
    assert teacher.teach("pause") is not None
    assert decode_frame(teacher.data_to_send()[-1])["action"] == "pause"
