"""The window's screens, and the registry the app finds them in by name.

Screens never import each other: a screen that leads to another asks the app for it by name
(``app.go("lobby", hosting=True)``, ``app.go_overlay("pause")``), and this registry is the one
place that knows every screen class. ``tests/client/test_client_layout.py`` checks that no import
loop remains and that no screen imports another. A game screen's side-panel tabs are in ``panels``.
"""

from __future__ import annotations

from typing import Callable

from game.client.scene import Scene
from game.client.screens.connect import ConnectScreen
from game.client.screens.end_screen import EndScreen
from game.client.screens.game_screen import GameScreen
from game.client.screens.help import HelpOverlay
from game.client.screens.host import HostScreen
from game.client.screens.lobby import LobbyScreen
from game.client.screens.menu import MainMenu
from game.client.screens.pause import PauseMenu
from game.client.screens.picker import ScenarioPicker
from game.client.screens.settings_screen import SettingsScreen
from game.client.screens.teach import TeachScreen

SceneFactory = Callable[..., Scene]  # (app, **options) -> a scene

SCREENS: tuple[type[Scene], ...] = (MainMenu, ScenarioPicker, ConnectScreen, HostScreen, LobbyScreen, SettingsScreen,
                                    HelpOverlay, PauseMenu, GameScreen, EndScreen, TeachScreen)
SCENES: dict[str, SceneFactory] = {screen.scene_name: screen for screen in SCREENS}
