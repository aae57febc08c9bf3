"""The app around the scenes: resizing rebuilds the screen for the new size, settings apply at once and
are kept, and a broken settings file never stops the game from starting."""

from __future__ import annotations

import json

import pygame
import pytest

from game.client.map import palette as render
from game.client.app import App
from game.client.screens.game_screen import GameScreen
from game.client.settings import Settings
from game.play_command import services
from tests.client.test_client_scenes import synced_session


@pytest.fixture
def app(tmp_path):
    pygame.display.init()
    pygame.font.init()
    made = App(services(tmp_path), (1280, 800), settings=Settings(), settings_path=tmp_path / "settings.json")
    yield made
    made.close()
    pygame.quit()


def test_a_resize_rebuilds_the_game_screen_for_the_new_size(app):
    from game.client.protocol.link import Link

    app.link = Link("ws://127.0.0.1:1", synced_session("duel"))
    screen = GameScreen(app)
    app.show(screen)
    app.step([])
    assert screen.map.rect.size == (screen.map_rect.w, 800) and screen.map_rect.w < 1280
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=1000, h=640, size=(1000, 640))])
    assert app.window.get_size() == (1000, 640) and screen.map.rect.size == (screen.map_rect.w, 640)
    assert screen.map_rect.w < 1000
    app.step([pygame.event.Event(pygame.VIDEORESIZE, w=200, h=100, size=(200, 100))])  # too small: clamped
    assert app.window.get_size() == (800, 560)


def test_settings_apply_at_once_and_are_kept(app, tmp_path):
    app.apply_settings(Settings(ui_scale=1.5, palette="tol-bright", name="ann"))
    assert app.px(10) == 15 and render.player_colour(0) == render.PALETTES["tol-bright"][0]
    kept = json.loads((tmp_path / "settings.json").read_text())
    assert kept["ui_scale"] == 1.5 and kept["name"] == "ann"
    assert Settings.load(tmp_path / "settings.json") == Settings(ui_scale=1.5, palette="tol-bright", name="ann")
    app.apply_settings(Settings())
    assert render.player_colour(0) == render.PALETTES["okabe-ito"][0]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"ui_scale": 7, "palette": "neon", "name": ""}',
                                     '{"ui_scale": "big", "unknown": 1}'])
def test_a_broken_settings_file_gives_sensible_settings(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_text(content)
    settings = Settings.load(path)
    assert settings.ui_scale in (1.0,) and settings.palette == "okabe-ito" and settings.name == "you"


def test_the_frame_rate_drops_while_the_player_is_idle(app):
    app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a")])
    assert app.frame_rate(60) == 60
    app.now = app.last_input + 5.0  # five seconds without input
    assert app.frame_rate(60) == 20
    app.step([pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0))])
    assert app.frame_rate(60) == 60
