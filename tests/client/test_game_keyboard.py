"""The game screen by keyboard alone: select, move with the map cursor, build, budget, leave an
agreement and end the turn, without a mouse event."""

from __future__ import annotations

import pygame

from game.rules.hexgrid import distance
from tests.client.client_harness import game_screen
from tests.client.test_game_panels import busy_session


def press(screen, key: int, shift: bool = False) -> None:
    mod = pygame.KMOD_SHIFT if shift else 0
    screen.app.step([pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="")])


ARROW_STEPS = {pygame.K_LEFT: (-1, 0), pygame.K_RIGHT: (1, 0)}


def test_a_turn_by_keyboard_only(display, tmp_path):
    session = busy_session()
    screen = game_screen(session, tmp_path)
    view = session.view
    press(screen, pygame.K_TAB)  # the first unit, and the cursor on it
    unit = view.unit_by_id[screen.selected_unit]
    assert screen.cursor == unit.at
    # Walk the cursor to a destination it would really reach with shift + arrows, then Space orders the move.
    target = min((h for h, attack in session.reachable(unit.id).items() if not attack),
                 key=lambda h: (distance(h, unit.at), h))
    while screen.cursor != target:
        q, r = screen.cursor
        if r != target[1]:
            press(screen, pygame.K_DOWN if target[1] > r else pygame.K_UP, shift=True)
        else:
            press(screen, pygame.K_RIGHT if target[0] > q else pygame.K_LEFT, shift=True)
    press(screen, pygame.K_SPACE)
    assert session.draft.moves[unit.id][0] == target
    # A city and a build, the budget, leaving the agreement in force.
    press(screen, pygame.K_c)
    city = screen.selected_city
    assert city is not None and screen.cursor == city
    press(screen, pygame.K_1)
    assert session.draft.builds == {city: next(iter(view.scenario.ruleset.units))}
    press(screen, pygame.K_m)
    assert session.draft.budget.military == view.budget.military + 10
    press(screen, pygame.K_F3)
    press(screen, pygame.K_x)
    assert session.draft.leaves == {view.agreements[0].id}
    press(screen, pygame.K_x)  # all marked: X again stays in
    assert session.draft.leaves == set()
    text = session.draft.to_text()
    press(screen, pygame.K_RETURN)
    sent = session.data_to_send()
    assert len(sent) == 1 and text.splitlines()[0].encode() in sent[0]


def test_the_cursor_stays_on_the_map_and_alternates_up(display, tmp_path):
    session = busy_session()
    screen = game_screen(session, tmp_path)
    press(screen, pygame.K_TAB)
    start = screen.cursor
    press(screen, pygame.K_UP, shift=True)
    press(screen, pygame.K_UP, shift=True)
    assert screen.cursor[1] == start[1] - 2 and abs(screen.cursor[0] - start[0]) <= 1  # straight up, two rows
    for _ in range(60):  # into the map's edge: it stops there
        press(screen, pygame.K_LEFT, shift=True)
    assert screen.cursor in screen.map.renderer.tiles
