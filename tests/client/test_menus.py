"""The menu screens, headless: each renders at 1280x800 and at UI scale 1.5 with no text cut off,
and everything is reachable from the keyboard. (The screens that talk to a server are in
test_menus_network.py.) Set SPIRAL_SCREENSHOTS=docs/screenshots to keep the PNGs."""

from __future__ import annotations

import json
import warnings

import pygame
import pytest

from tests.client.menu_harness import distinct_colours, frame, make_app, press, screenshot, type_text

from game.assets import load_scenario
from game.client.protocol.address import normalise_address
from game.client.screens.connect import ConnectScreen
from game.client.protocol.link import Link
from game.client.screens.lobby import LobbyScreen
from game.client.protocol.session import Session
from game.rules import new_game, view_for
from game.client.screens.help import HelpOverlay
from game.client.screens.host import HostScreen, host_database
from game.client.screens.menu import MainMenu
from game.client.screens.pause import PauseMenu
from game.client.scenario_words import default_bots
from game.client.screens.picker import ScenarioPicker
from game.client.screens.settings_screen import SettingsScreen

SCENES = {"menu": MainMenu, "picker": ScenarioPicker, "connect": ConnectScreen, "host": HostScreen,
          "settings": SettingsScreen}
OVERLAYS = {"help": HelpOverlay, "pause": PauseMenu}


def lobby_of_a_synced_session(app):
    """The host's lobby of a four-seat match, one seat taken by another player, without a server."""
    state = new_game(load_scenario("doubly-safe"), 5)
    session = Session(load_scenario, "teacher")
    session.code, session.host_token = "K7QM2XPA", "token"
    seats = [{"seat": 0, "name": "teacher", "bot": None, "taken": True, "missed": 0},
             {"seat": 1, "name": "ann", "bot": None, "taken": True, "missed": 0},
             {"seat": 2, "name": None, "bot": "dove", "taken": True, "missed": 0},
             {"seat": 3, "name": None, "bot": None, "taken": False, "missed": 0}]
    session.receive({"type": "sync", "id": None, "match": "m1", "seat": 0, "phase": "lobby", "deadline": None,
                     "view": view_for(state, 0).to_mapping(), "orders": "", "ready": False, "seats": seats,
                     "chat": [], "seed": None, "reveal": None})
    app.link = Link("ws://127.0.0.1:1", session)  # never opened: the lobby only reads the session
    app.show(LobbyScreen(app, hosting=True, listen="127.0.0.1"))


def show(app, scene_class):
    app.show(scene_class(app))
    frame(app)
    frame(app)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_menu_screen_renders_with_nothing_cut_off(tmp_path, monkeypatch, scale):
    monkeypatch.setenv("HOME", str(tmp_path))  # the host screen shows ~/.local/share/spiral/host.sqlite3
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    pygame.display.init()
    pygame.font.init()
    app = make_app(tmp_path, scale)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for name, scene_class in SCENES.items():
                show(app, scene_class)
                assert distinct_colours(app.window) > 8, name
                if scale == 1.0 and name != "picker":
                    screenshot(app, f"{name}.png", tmp_path)
            picker = ScenarioPicker(app)  # the picker's picture shows one of Jervis's worlds
            picker.chosen = next(s for s in picker.scenarios if s.name == "doubly-dangerous")
            picker.bots = default_bots(picker.chosen.players, picker.bot_names)
            show(app, lambda app: picker)
            if scale == 1.0:
                screenshot(app, "picker.png", tmp_path)
            lobby_of_a_synced_session(app)
            frame(app)
            assert distinct_colours(app.window) > 8
            app.show(MainMenu(app))
            for name, overlay_class in OVERLAYS.items():
                app.show_overlay(overlay_class(app))
                frame(app)
                frame(app)
                assert distinct_colours(app.window) > 8, name
                if scale == 1.0:
                    screenshot(app, f"{name}.png", tmp_path)
            # Every scenario in the picker and the host screen (8 seats need the most room).
            for scene_class in (ScenarioPicker, HostScreen):
                screen = scene_class(app)
                app.show(screen)
                for scenario in screen.scenarios:
                    screen.chosen = scenario
                    screen.seat = scenario.players - 1
                    if scene_class is ScenarioPicker:
                        screen.bots = default_bots(scenario.players, screen.bot_names)
                    else:
                        screen.others = ["a person"] * scenario.players
                    screen.rebuild()
                    frame(app)
        cut = [str(w.message) for w in caught if "too small" in str(w.message)]
        assert not cut, cut
    finally:
        app.close()
        pygame.quit()


def test_the_main_menu_by_keyboard(app):
    app.main_menu()
    menu = app.scene
    assert isinstance(menu, MainMenu) and menu.focus == 0
    press(app, pygame.K_DOWN)
    assert menu.focus == 1
    press(app, pygame.K_RETURN)  # "Join a match"
    assert isinstance(app.scene, ConnectScreen)
    press(app, pygame.K_j, "j")  # typed into the address field (which has the keyboard): no shortcut
    press(app, pygame.K_SLASH, "?")  # a character, not the help
    assert app.overlay is None and isinstance(app.scene, ConnectScreen)
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, MainMenu)
    press(app, pygame.K_h, "h")
    assert isinstance(app.scene, HostScreen)
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_F1)
    assert isinstance(app.overlay, HelpOverlay)
    press(app, pygame.K_ESCAPE)
    assert app.overlay is None and isinstance(app.scene, MainMenu)
    press(app, pygame.K_SLASH, "?")
    assert isinstance(app.overlay, HelpOverlay)
    press(app, pygame.K_F1)
    assert app.overlay is None
    press(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)  # from the first button back round to Quit
    assert app.scene.focus == len(app.scene._focusables) - 1
    press(app, pygame.K_q, "q")
    assert not app.running


def test_an_overlay_hides_the_widgets_under_it_until_it_closes(app):
    app.main_menu()
    frame(app)
    buttons = [f.widget for f in app.scene._focusables]
    app.show_overlay(PauseMenu(app))
    assert not any(button.visible for button in buttons)
    press(app, pygame.K_ESCAPE)  # resume
    assert app.overlay is None and all(button.visible for button in buttons)


def test_the_picker_by_keyboard(app):
    app.show(ScenarioPicker(app))
    picker = app.scene
    assert picker.chosen.name == "duel" and picker.local_match().seats == (None, "reciprocator")
    press(app, pygame.K_DOWN)  # the scenario list has the focus: the next scenario
    assert picker.chosen.players == 4 and picker.chosen.name != "duel"
    assert picker.local_match().seats == (None, "reciprocator", "security", "fearful")
    press(app, pygame.K_TAB)  # your seat
    press(app, pygame.K_RIGHT)
    assert picker.seat == 1 and picker.local_match().seats == ("reciprocator", None, "security", "fearful")
    press(app, pygame.K_TAB)  # the seed
    type_text(app, "12x")
    press(app, pygame.K_RETURN)  # Enter in a field: Play, refused
    assert picker.seed_text == "12x" and "seed" in picker.problem and isinstance(app.scene, ScenarioPicker)
    press(app, pygame.K_BACKSPACE)
    assert picker.seed_text == "12" and picker.seed() == 12 and picker.problem is None
    press(app, pygame.K_TAB)  # the first bot: one step on
    press(app, pygame.K_RIGHT)
    assert picker.local_match().seats[0] == picker.bot_names[picker.bot_names.index("reciprocator") + 1]
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.scene, MainMenu)


def test_settings_are_saved_and_applied(app, tmp_path):
    app.show(SettingsScreen(app))
    screen = app.scene
    press(app, pygame.K_RIGHT)  # size of text: 100% -> 125%
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)  # palette: the next one
    press(app, pygame.K_DOWN)
    press(app, pygame.K_DOWN)  # the name
    type_text(app, "2")
    press(app, pygame.K_RETURN)
    assert (app.settings.ui_scale, app.settings.palette, app.settings.name) == (1.25, "tol-bright", "you2")
    assert json.loads((tmp_path / "settings.json").read_text())["ui_scale"] == 1.25
    assert app.scene is screen and screen.saved  # rebuilt at the new scale, still showing
    frame(app)
    assert distinct_colours(app.window) > 8


def test_the_game_menu_opens_settings_and_help_and_leaves(app):
    app.show(MainMenu(app))  # stands in for the game screen under the overlay
    app.show_overlay(PauseMenu(app))
    press(app, pygame.K_s, "s")
    assert isinstance(app.overlay, SettingsScreen)
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.overlay, PauseMenu)
    press(app, pygame.K_h, "h")
    assert isinstance(app.overlay, HelpOverlay)
    help_overlay = app.overlay
    press(app, pygame.K_PAGEDOWN)
    assert help_overlay.scrolled > 0
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.overlay, PauseMenu)
    press(app, pygame.K_l, "l")
    assert app.overlay is None and isinstance(app.scene, MainMenu)


def test_addresses_are_completed_and_checked():
    assert normalise_address("192.168.1.20") == "ws://192.168.1.20:8765"
    assert normalise_address(" ws://example.org:9000 ") == "ws://example.org:9000"
    assert normalise_address("wss://example.org") == "wss://example.org:8765"
    for wrong in ("", "http://example.org", "ws://:80", "ws://host:port"):
        with pytest.raises(ValueError):
            normalise_address(wrong)


def test_the_host_database_is_in_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert host_database() == tmp_path / "spiral" / "host.sqlite3"


def test_spiral_join_and_menu_parse(tmp_path):
    from game.cli import _parser

    args = _parser().parse_args(["join", "ws://127.0.0.1:9", "abcd efgh", "--name", "ann"])
    assert (args.address, args.code, args.name) == ("ws://127.0.0.1:9", "abcd efgh", "ann")
    assert _parser().parse_args(["menu"]).run.__name__ == "run_menu"


def test_the_mouse_works_too(app):
    app.main_menu()
    frame(app)
    join = next(f.widget for f in app.scene._focusables if "Join" in f.widget.text)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=join.rect.center, button=1, touch=False))
    frame(app)
    frame(app)
    assert isinstance(app.scene, ConnectScreen)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_main_menu_offers_to_stop_hosting(tmp_path, scale):
    class Hosted:
        url, stopped = "ws://127.0.0.1:8765", False

        def stop(self):
            self.stopped = True

    pygame.display.init()
    pygame.font.init()
    app = make_app(tmp_path, scale)
    try:
        hosted = app.hosted = Hosted()
        app.servers.append(hosted)
        app.main_menu()
        frame(app)
        buttons = [f.widget for f in app.scene._focusables]
        assert buttons[-1].rect.bottom < app.window.get_height() - app.px(60)  # the status line fits below
        press(app, pygame.K_x, "x")
        assert hosted.stopped and app.hosted is None and not app.servers
        assert not any("Stop hosting" in f.widget.text for f in app.scene._focusables)
    finally:
        app.close()
        pygame.quit()


def test_a_choice_made_with_the_mouse_is_kept(app):
    import pygame_gui

    app.show(ScenarioPicker(app))
    picker = app.scene
    seat_menu = next(f.widget for f in picker._focusables if f.kind == "dropdown")
    pygame.event.post(pygame.event.Event(pygame_gui.UI_DROP_DOWN_MENU_CHANGED, ui_element=seat_menu,
                                         text="Dunmore (seat 1)"))
    frame(app)
    assert picker.seat == 1 and picker.local_match().seats == ("reciprocator", None)
    assert picker.focused.kind == "dropdown"  # rebuilt, the focus on the same choice
