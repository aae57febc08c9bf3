"""Belief recording in the window: the Intent tab's form in a class match, and what the session sends."""

from __future__ import annotations

import os

import pygame
import pygame_gui

from game.client.screens.panels import IntentPanel
from game.client.protocol.session import event_notice
from game.wire import decode_frame
from game.wire.server_messages import MatchEvent, MatchReveal
from tests.client.client_harness import game_screen
from tests.client.test_client_scenes import synced_session


def class_session():
    session = synced_session("doubly-dangerous")
    session.receive({"type": "joined", "id": None, "match": "m1", "seat": 0, "token": "t", "beliefs": True})
    session.data_to_send()
    return session


def buttons(panel: IntentPanel, label: str) -> list:
    return [w for w in panel.widgets if isinstance(w, pygame_gui.elements.UIButton) and w.text == label]


def click(screen, button) -> None:
    event = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button})
    screen.handle(event)
    screen.app.step([])


def test_the_intent_tab_records_intent_and_reads_and_the_session_sends_them(display, tmp_path):
    session = class_session()
    screen = game_screen(session, tmp_path)
    app = screen.app
    screen.show_tab([type(p) for p in screen.panels].index(IntentPanel))
    app.step([])
    panel = screen.panel
    assert isinstance(panel, IntentPanel) and panel.is_recording()
    record = buttons(panel, "Record")
    assert record and not record[0].is_enabled  # nothing to send before an intent is chosen
    click(screen, buttons(panel, "deter")[0])
    click(screen, buttons(screen.panel, "75")[0])  # the first rival: 75% revisionist
    click(screen, buttons(screen.panel, "attacks?")[0])
    click(screen, buttons(screen.panel, "25")[1])  # the second rival: 25%
    panel = screen.panel
    for widget in panel.widgets:
        if widget.visible:
            assert screen.content_rect.contains(widget.rect), widget
    first, second = sorted(session.estimates)[:2]
    click(screen, buttons(panel, "Record")[0])
    sent = [decode_frame(f) for f in session.data_to_send()]
    assert sent == [{"type": "beliefs", "id": sent[0]["id"], "match": "m1", "turn": 1, "intent": "deter",
                     "reads": [[first, 3, True], [second, 1, False]]}]
    assert not session.beliefs_are_recorded()
    session.receive({"type": "beliefs-ack", "id": sent[0]["id"], "match": "m1", "turn": 1})
    app.step([])
    assert session.beliefs_are_recorded() and buttons(screen.panel, "Recorded")
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        pygame.image.save(app.window, os.path.join(folder, "class-beliefs-tab.png"))
    # A change after recording is not recorded until sent again.
    session.set_belief_read(first, step=4)
    assert not session.beliefs_are_recorded()


def test_outside_a_class_the_intent_tab_has_no_form_and_teachers_events_read_plainly(display, tmp_path):
    session = synced_session("duel")
    screen = game_screen(session, tmp_path)
    screen.show_tab([type(p) for p in screen.panels].index(IntentPanel))
    screen.app.step([])
    assert not screen.panel.is_recording() and not buttons(screen.panel, "Record")
    assert session.send_beliefs() is None
    assert event_notice(MatchEvent(None, "m1", "announcement", text="Two minutes")) == "Teacher: Two minutes"
    assert event_notice(MatchEvent(None, "m1", "end")) == "The teacher ended the match."


def test_the_end_screen_shows_the_spiral_from_the_reveal_and_this_seats_reads(display, tmp_path):
    from game.assets import load_scenario
    from game.client.screens.end_screen import EndScreen, seat_timeline
    from game.rules import new_game, omniscient_view

    session = synced_session("duel")  # seat 0
    state = new_game(load_scenario("duel"), 5)
    reveal = omniscient_view(state)
    reveal["scores"] = [[p, s] for p, s in sorted(reveal["scores"].items())]
    me, rival = 0, 1
    aims = {p["id"]: p["aim"] for p in reveal["players"]}
    names = {p["id"]: p["name"] for p in reveal["players"]}
    # The rival arms on turn 2; this seat, reading it (recorded) as 75% revisionist, arms on turn 3; the
    # rival strikes on turn 4 (and this seat's model read it as only 20% revisionist then).
    reveal["history"] = [{"turn": 1, "budgets": ["40/50/10", "40/50/10"], "strength": [40, 40], "attacks": []},
                         {"turn": 2, "budgets": ["40/50/10", "60/30/10"], "strength": [40, 50], "attacks": []},
                         {"turn": 3, "budgets": ["70/20/10", "60/30/10"], "strength": [50, 60], "attacks": []},
                         {"turn": 4, "budgets": ["70/20/10", "60/30/10"], "strength": [40, 60],
                          "attacks": [[rival, me]]}]
    session.trend = {rival: [(t, 0.2) for t in range(1, 5)]}
    session.recorded_beliefs = {3: ("deter", ((rival, 3, True),))}
    session.reveal = MatchReveal.from_mapping(reveal)
    # A teacher's inject on turn 2, as this seat was told it (its report of that turn).
    from game.rules.events import Inject

    rumour = Inject(turn=2, at=(1, 1), name="rumour-massing", category="rumour", subject=rival, other=me,
                    title="Rumour", text=f"A rumour reaches you: {names[rival]} is massing forces.")
    session.reports[1] = (rumour,)
    steps = seat_timeline(session, session.reveal, names)
    assert [s.text for s in steps if s.kind == "inject"] == \
        [f"turn 2: the teacher's inject: Rumour: A rumour reaches you: {names[rival]} is massing forces."]
    you, them = f"{names[me]} (you)", names[rival]
    kinds = [(s.turn, s.kind) for s in steps]
    rival_meant_defensively = aims[rival] == "security"
    assert (2, "armed") in kinds and (4, "first-strike") in kinds
    assert ((3, "spiral") in kinds) == rival_meant_defensively
    if rival_meant_defensively:
        spiral = next(s for s in steps if s.kind == "spiral")
        assert spiral.text == (f"turn 3: {you} raised its military share to 70% after seeing {them}'s build-up (to 60% "
                               f"on turn 2); {you} read {them} as 75% revisionist (your record); {them} was a "
                               f"security seeker")
    assert ((4, "deterrence-failure") in kinds) == (aims[rival] == "revisionist")
    screen = game_screen(session, tmp_path)
    app = screen.app
    app.step([])
    assert isinstance(app.scene, EndScreen)
    app.scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t"))
    app.step([])
    assert app.scene.show_timeline and not app.scene.buttons["spiral"].visible
    folder = os.environ.get("SPIRAL_SCREENSHOTS")
    if folder:
        pygame.image.save(app.window, os.path.join(folder, "end-screen-spiral.png"))
    app.scene.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t"))
    app.step([])
    assert not app.scene.show_timeline
