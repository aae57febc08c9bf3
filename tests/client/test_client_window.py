"""The window, headless (SDL's dummy video driver): scenes render, and real pygame events drive a turn.

Set SPIRAL_SCREENSHOTS=docs/screenshots to keep the PNGs (otherwise they go to a temporary folder).
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pytest

from game.client.game_screen import GameScreen
from game.client.render import ZOOM_LEVELS
from game.client.session import LocalMatch
from game.rules import parse_orders
from tests.client.client_harness import game_screen, open_local

SIZE = (1280, 800)


@pytest.fixture
def window():
    pygame.display.init()  # no audio
    pygame.font.init()
    surface = pygame.display.set_mode(SIZE)
    yield surface
    pygame.quit()


@pytest.fixture
def local_match(tmp_path):
    server, pumped = open_local(tmp_path, LocalMatch("duel", (None, "basic"), 11))
    yield pumped
    pumped.connection.close()
    server.stop()


def shots(tmp_path):
    folder = os.environ.get("SPIRAL_SCREENSHOTS") or str(tmp_path)
    os.makedirs(folder, exist_ok=True)
    return folder


def distinct_colours(surface: pygame.Surface) -> int:
    small = pygame.transform.scale(surface, (160, 100))
    return len({tuple(small.get_at((x, y)))[:3] for x in range(160) for y in range(100)})


def feed(screen: GameScreen) -> None:
    for event in pygame.event.get():
        screen.handle(event)


def click(screen: GameScreen, pos, shift: bool = False) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    feed(screen)


def test_the_connecting_scene_and_the_game_screen_render(window, local_match, tmp_path):
    screen = game_screen(local_match.session, tmp_path)
    screen.draw(window)
    assert distinct_colours(window) >= 2  # the "connecting" scene: text on the background
    local_match.until(lambda m: m["type"] == "sync")
    screen.draw(window)
    assert distinct_colours(window) > 30
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-start.png"))


def test_the_map_is_cached_between_frames_and_redrawn_on_zoom(window, local_match, tmp_path):
    local_match.until(lambda m: m["type"] == "sync")
    screen = game_screen(local_match.session, tmp_path)
    screen.draw(window)
    renders = screen.map.renderer.renders
    for key in (pygame.K_LEFT, pygame.K_UP):
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0))
    feed(screen)
    screen.draw(window)
    assert screen.map.renderer.renders == renders  # panning reuses the cached map and fog
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
    feed(screen)
    screen.draw(window)
    assert screen.map.renderer.renders == renders + 2 and ZOOM_LEVELS[screen.map.zoom] > ZOOM_LEVELS[3]


def test_select_move_budget_build_and_end_turn_with_real_events(window, local_match, tmp_path):
    session = local_match.session
    local_match.until(lambda m: m["type"] == "sync")
    screen = game_screen(session, tmp_path)
    screen.draw(window)
    view = session.view
    unit = next(u for u in view.units if session.destinations(u.id))
    click(screen, screen.screen_of(unit.at))
    assert screen.selected_unit == unit.id
    on_screen = [h for h in session.destinations(unit.id)
                 if screen.map_rect.collidepoint(screen.screen_of(h)) and not any(u.at == h for u in view.units)]
    target = on_screen[-1]
    click(screen, screen.screen_of(target))
    assert session.draft.moves == {unit.id: (target, False)}
    # Budget: M moves 10 points to military.
    before = view.budget
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0))
    feed(screen)
    assert session.draft.budget.military == before.military + 10
    # Build: click an own city with no unit on it, then its first row by key.
    city = next(h for h, owner in sorted(view.city_owner.items())
                if owner == view.player and not any(u.at == h for u in view.units) and session.legal.builds.get(h))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))  # deselect the unit
    click(screen, screen.screen_of(city))
    assert screen.selected_city == city and session.draft.moves == {unit.id: (target, False)}
    kind = session.legal.builds[city][0]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0))
    feed(screen)
    assert session.draft.builds == {city: kind}
    screen.draw(window)
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-orders.png"))
    expected = [f"budget {session.draft.budget}", f"build {kind} at {city[0]},{city[1]}",
                f"move {unit.id} to {target[0]},{target[1]}"]
    click(screen, screen.end_turn_button.center)  # the End turn button
    ack = local_match.until(lambda m: m["type"] in ("ack", "error"))
    assert ack["type"] == "ack"
    assert sorted(str(o) for o in parse_orders(ack["orders"])) == sorted(expected)
    local_match.until(lambda m: m["type"] == "turn")
    assert session.view.turn == 2
    screen.draw(window)
    assert distinct_colours(window) > 30


def test_a_whole_match_to_the_reveal(window, local_match, tmp_path):
    session = local_match.session
    local_match.until(lambda m: m["type"] == "sync")
    screen = game_screen(session, tmp_path)
    while session.reveal is None:
        turn = session.view.turn
        for unit in session.view.units:  # march east, towards the rival, to meet its forces
            ahead = [h for h, needs_attack in session.destinations(unit.id).items() if not needs_attack]
            if ahead:
                session.order_move(unit.id, max(ahead, key=lambda h: (2 * h[0] + h[1], h)))
        if turn == 2:
            screen.selected_unit = session.view.units[0].id
        if turn == 6:  # mid-match, for the README
            screen.draw(window)
            pygame.image.save(window, os.path.join(shots(tmp_path), "game-mid-match.png"))
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        feed(screen)
        local_match.until(lambda m: m["type"] in ("turn", "reveal"))
    screen.draw(window)
    assert session.reveal["scores"] and distinct_colours(window) > 20
    pygame.image.save(window, os.path.join(shots(tmp_path), "end-reveal.png"))


def test_the_play_loop_runs_a_turn_and_closes(tmp_path):
    """run_app itself (what `spiral play` opens), driven through its each_frame hook."""
    from game.client.app import App, run_app
    from game.play_command import services

    seen = {}

    def each_frame(app: App) -> bool:
        session = app.session
        if session.view is not None and session.view.turn == 1 and "ended" not in seen:
            seen["ended"] = True
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0))
        if session.view is not None and session.view.turn == 2:
            seen["frame"] = pygame.display.get_surface().copy()
            return True
        return False

    local = LocalMatch("duel", (None, "basic"), 3)
    assert run_app(services(tmp_path), lambda app: app.play_local(local), size=SIZE, each_frame=each_frame,
                   settings_path=tmp_path / "settings.json") == 0
    assert distinct_colours(seen["frame"]) > 30
