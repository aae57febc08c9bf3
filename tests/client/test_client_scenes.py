"""Scenes render for every shipped scenario from a view alone (no server), and the core's refusal path."""

from __future__ import annotations

import os

import pygame
import pytest

from game.assets import load_all_scenarios, load_scenario
from tests.client.client_harness import settle, game_screen
from game.client.protocol.session import Session
from game.play_command import seats_for
from game.rules import new_game, view_for
from game.wire import encode

SCENARIOS = sorted(s.name for s in load_all_scenarios())


def synced_session(name: str, seed: int = 5) -> Session:
    state = new_game(load_scenario(name), seed)
    session = Session(load_scenario)
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "running", "deadline": None,
                     "view": view_for(state, 0).to_mapping(), "orders": "", "ready": False, "seats": [],
                     "chat": [], "seed": None, "reveal": None})
    return session


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_game_screen_renders_every_scenario(name, tmp_path):
    pygame.display.init()
    pygame.font.init()
    try:
        session = synced_session(name)
        assert session.view is not None and session.view.scenario.name == name
        screen = game_screen(session, tmp_path)
        screen.app.step([])  # a whole frame: the map, the panel and its widgets
        surface = screen.app.window
        small = pygame.transform.scale(surface, (160, 100))
        assert len({tuple(small.get_at((x, y)))[:3] for x in range(160) for y in range(100)}) > 30
        folder = os.environ.get("SPIRAL_SCREENSHOTS")
        if folder and name == "world":
            settle(screen.app)
            pygame.image.save(surface, os.path.join(folder, "game-world-start.png"))
        # The offense-defense overlay (key O) changes what the map shows, and goes away again.
        plain = pygame.image.tobytes(surface, "RGB")
        screen.key(pygame.K_o)
        screen.app.step([])
        assert screen.map.show_balance and pygame.image.tobytes(surface, "RGB") != plain
        if folder and name == "doubly-dangerous":
            settle(screen.app)
            pygame.image.save(surface, os.path.join(folder, "game-balance-overlay.png"))
        screen.key(pygame.K_o)
        screen.app.step([])
        assert not screen.map.show_balance
    finally:
        pygame.quit()


def test_refused_orders_are_shown_and_ready_is_not_sent():
    session = synced_session("duel")
    request = session.end_turn()
    assert len(session.data_to_send()) == 1
    session.receive_frame(encode({"type": "error", "id": request, "code": "illegal-order", "message": "no unit",
                                  "detail": "unknown-unit"}))
    assert session.data_to_send() == [] and not session.is_ready
    assert "illegal-order" in session.notices[-1]
    request = session.end_turn()
    assert len(session.data_to_send()) == 1  # the orders again
    session.receive_frame(encode({"type": "ack", "id": request, "match": "m1", "turn": 1, "version": 0, "orders": ""}))
    assert len(session.data_to_send()) == 1  # the ready


def test_seats_for_places_the_player_among_the_bots():
    assert seats_for(2, 0, "basic") == (None, "basic")
    assert seats_for(4, 2, "basic,random,dove") == ("basic", "random", None, "dove")
    for players, seat, bots in ((2, 2, "basic"), (4, 0, "basic,random"), (2, 0, "no-such-bot")):
        with pytest.raises(ValueError):
            seats_for(players, seat, bots)
