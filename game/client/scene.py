"""A scene is one screen of the window: the main menu, the connect form, the game, the end screen...

The app owns the window, the ``pygame_gui`` manager and the link to the server; it hands each
event to the scene showing (after the widgets had theirs), calls ``update`` once a frame with the
monotonic time, and ``draw`` before the widgets are drawn on top. ``enter`` builds the scene's
widgets and ``leave`` removes them; on a resize or a new UI scale the app calls ``leave`` then
``enter`` again, so a scene keeps its state in attributes, not in its widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.client.app import App


class Scene:
    scene_name = ""  # the name the app's scene registry knows it by (``app.go(scene_name)``)

    def __init__(self, app: App) -> None:
        self.app = app

    def enter(self) -> None:
        """Build the widgets for the window's current size."""

    def leave(self) -> None:
        """Remove the widgets."""

    def handle(self, event: pygame.event.Event) -> None:
        """One pygame event (widget events arrive here too, as pygame_gui's event types)."""

    def update(self, now: float) -> None:
        """Once a frame, before drawing; ``now`` is ``time.monotonic()``."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what is not a widget; the widgets are drawn on top afterwards."""
