"""The window, headless (SDL's dummy video driver): scenes render, and real pygame events drive a turn.

Set SPIRAL_SCREENSHOTS=docs/screenshots to keep the PNGs (otherwise they go to a temporary folder).
"""

from __future__ import annotations

import os
from dataclasses import replace

import pygame
import pytest

from game.client.screens.game_screen import GameScreen
from game.client.map.layout import ZOOM_LEVELS
from game.client.protocol.session import LocalMatch
from game.rules import parse_orders
from tests.client.client_harness import settle, game_screen, open_local

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


def test_the_connecting_scene_and_the_game_screen_render(window, local_match, tmp_path):
    screen = game_screen(local_match.session, tmp_path)
    screen.draw(window)
    assert distinct_colours(window) >= 2  # the "connecting" scene: text on the background
    local_match.until(lambda m: m.TYPE == "sync")
    frame(screen.app)  # a whole frame: the map, the panel and its widgets
    assert distinct_colours(window) > 30 and screen.end_button is not None and screen.panel.widgets
    settle(screen.app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-start.png"))


def test_the_map_is_cached_between_frames_and_redrawn_on_zoom(window, local_match, tmp_path):
    local_match.until(lambda m: m.TYPE == "sync")
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


def frame(app) -> None:
    """One frame of the app's loop on the events posted so far (widgets first, then the scene)."""
    app.step(pygame.event.get())


def press(app, element) -> None:
    """A real click on a widget: the manager turns it into UI_BUTTON_PRESSED, which the next frame handles."""
    pos = (int(element.rect.centerx), int(element.rect.centery))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frame(app)
    frame(app)


def tap(app, pos, shift: bool = False) -> None:
    pos = (int(pos[0]), int(pos[1]))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    frame(app)


def key(app, which, text: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=which, mod=0, unicode=text))
    frame(app)


def type_text(app, text: str) -> None:
    for character in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=character))
    frame(app)


def test_a_driven_turn_sends_exactly_the_orders_given_with_real_events(window, local_match, tmp_path):
    """Select and move a unit, entrench another, build, set the budget, propose a pact, send a message
    and end the turn, all by posting pygame events; the server's ack holds exactly those orders."""
    session = local_match.session
    local_match.until(lambda m: m.TYPE == "sync")
    screen = game_screen(session, tmp_path)
    app = screen.app
    frame(app)
    view = session.view
    # Move: click a unit, then one of its highlighted destinations.
    unit = next(u for u in view.units if session.destinations(u.id))
    tap(app, screen.screen_of(unit.at))
    assert screen.selected_unit == unit.id
    on_screen = [h for h in session.reachable(unit.id)
                 if screen.map_rect.collidepoint(screen.screen_of(h)) and not any(u.at == h for u in view.units)]
    target = on_screen[-1]
    tap(app, screen.screen_of(target))
    assert session.draft.moves == {unit.id: (target, False)}
    # Posture: Tab to another unit, then the Entrench button.
    other = next(u for u in view.units if u.id != unit.id and u.at != unit.at)
    while screen.selected_unit != other.id:
        key(app, pygame.K_TAB)
    frame(app)
    orders_panel = screen.panel
    press(app, orders_panel.posture_button)
    assert session.draft.postures == {other.id: True}
    # Budget: the military slider's right arrow, then the M key.
    before = view.budget
    press(app, orders_panel.sliders["military"].right_button)
    frame(app)  # the slider reports its move on the frame after the click
    assert session.draft.budget.military == before.military + 5
    assert sum((session.draft.budget.military, session.draft.budget.development, session.draft.budget.intelligence)) == 100
    key(app, pygame.K_m)
    assert session.draft.budget.military == before.military + 15
    # Build: Esc, click an own city with no unit on it, then its first build button.
    city = next(h for h, owner in sorted(view.city_owner.items())
                if owner == view.player and not any(u.at == h for u in view.units) and session.legal.builds.get(h))
    key(app, pygame.K_ESCAPE)
    tap(app, screen.screen_of(city))
    assert screen.selected_city == city
    frame(app)
    kind = next(iter(view.scenario.ruleset.units))
    press(app, screen.panel.build_buttons[kind])
    assert session.draft.builds == {city: kind}
    frame(app)
    settle(app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-orders.png"))
    # Diplomacy: F3, then Propose (a non-aggression pact to the rival, the form's default).
    key(app, pygame.K_F3)
    frame(app)
    propose = next(w for w in screen.panel.widgets if getattr(w, "text", "").startswith("Propose"))
    press(app, propose)
    rival = view.rivals[0].id
    assert list(session.draft.proposals) == [("non_aggression", rival)]
    frame(app)
    settle(app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-diplomacy.png"))
    # Chat: T opens the chat line; type, Enter sends (and does not end the turn).
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_t, mod=0, unicode="t"))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="t"))  # SDL sends the key as text too
    frame(app)
    type_text(app, "peace?")
    key(app, pygame.K_RETURN, "\r")
    frame(app)
    assert not session.end_turn_pending and not session.is_ready
    echoed = local_match.until(lambda m: m.TYPE in ("chat", "error"))
    assert echoed.TYPE == "chat" and echoed.line.text == "peace?" and echoed.line.to is None
    frame(app)
    settle(app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "game-chat.png"))
    # End turn: the button. The ack carries the server's canonical text of exactly these orders.
    expected = sorted([f"budget {session.draft.budget}", f"build {kind} at {city[0]},{city[1]}",
                       f"move {unit.id} to {target[0]},{target[1]}", f"posture {other.id} entrenched",
                       f"propose non_aggression to {rival}"])
    press(app, screen.end_button)
    ack = local_match.until(lambda m: m.TYPE in ("ack", "error"))
    assert ack.TYPE == "ack", ack
    assert sorted(str(o) for o in parse_orders(ack.orders)) == expected
    local_match.until(lambda m: m.TYPE == "turn")
    assert session.view.turn == 2 and not session.draft.orders()
    frame(app)
    assert distinct_colours(window) > 30


def test_a_whole_match_to_the_end_screen(window, local_match, tmp_path):
    from game.client.screens.end_screen import EndScreen

    session = local_match.session
    local_match.until(lambda m: m.TYPE == "sync")
    screen = game_screen(session, tmp_path)
    app = screen.app
    while session.reveal is None:
        turn = session.view.turn
        for unit in session.view.units:  # march east, towards the rival, to meet its forces
            ahead = [h for h, needs_attack in session.destinations(unit.id).items() if not needs_attack]
            if ahead:
                session.order_move(unit.id, max(ahead, key=lambda h: (2 * h[0] + h[1], h)))
        if turn == 1:
            session.order_propose("non_aggression", session.view.rivals[0].id)
            session.send_chat("We only want to be safe.")
        if turn == 2:
            screen.selected_unit = session.view.units[0].id
        if turn == 6:  # mid-match, for the README: every tab
            for tab, name in enumerate(("orders", "diplomacy", "chat", "intent", "report")):
                screen.show_tab(tab)
                frame(app)
                frame(app)
                assert distinct_colours(window) > 30
                settle(app)
                pygame.image.save(window, os.path.join(shots(tmp_path), f"game-mid-match-{name}.png"))
                if name == "orders":  # the README's picture
                    settle(app)
                    pygame.image.save(window, os.path.join(shots(tmp_path), "game-mid-match.png"))
            screen.show_tab(0)
            seen = session.view.sightings or session.view.ghosts
            if seen:  # what the player knows of a rival force, on a click
                selected, screen.selected_unit = screen.selected_unit, None
                tap(app, screen.screen_of(seen[0].at))
                frame(app)
                assert screen.inspected == seen[0].at
                settle(app)
                pygame.image.save(window, os.path.join(shots(tmp_path), "game-inspect-rival.png"))
                screen.selected_unit, screen.inspected = selected, None
        key(app, pygame.K_RETURN)
        local_match.until(lambda m: m.TYPE in ("turn", "reveal"))
    frame(app)  # the game screen sees the reveal and shows the end screen
    frame(app)
    assert isinstance(app.scene, EndScreen)
    assert session.reveal.scores and len(session.reveal.history) == session.view.scenario.turns
    assert distinct_colours(window) > 20
    settle(app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "end-screen.png"))
    press(app, app.scene.buttons["map"])  # back to the final map, which stays (no switch back)
    frame(app)
    assert isinstance(app.scene, GameScreen) and app.scene.review
    key(app, pygame.K_RETURN)  # and back to the results
    assert isinstance(app.scene, EndScreen)
    # A server whose reveal has no history: the end screen asks for the seat's own past views.
    session.reveal = replace(session.reveal, history=None)
    app.show(EndScreen(app))
    reply = local_match.until(lambda m: m.TYPE in ("history", "error"))
    assert reply.TYPE == "history" and len(session.history) == session.view.scenario.turns
    frame(app)
    assert distinct_colours(window) > 20
    settle(app)
    pygame.image.save(window, os.path.join(shots(tmp_path), "end-screen-as-seen.png"))


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
