"""Belief recording in the window: the Intent tab's form in a class match, and what the session sends."""

from __future__ import annotations

import os

import pygame
import pygame_gui

from game.client.screens.panels import IntentPanel
from game.client.protocol.session import event_notice
from game.wire import decode_frame
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
    assert event_notice({"type": "event", "kind": "announcement", "text": "Two minutes"}) == "Teacher: Two minutes"
    assert event_notice({"type": "event", "kind": "end"}) == "The teacher ended the match."
