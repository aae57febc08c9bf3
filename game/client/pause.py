"""The game's menu, over the game (the game screen opens it on Esc with
``app.show_overlay(PauseMenu(app))``): resume, settings, how to play, leave to the main menu.

The match goes on while it is open (turns are simultaneous and the server keeps time); leaving
leaves the seat empty (with a turn timer, a bot takes over a seat whose player misses turns).
"""

from __future__ import annotations

import pygame

from game.client.form import FormScene
from game.client.settings_screen import draw_backdrop
from game.client.ui import DIM, PANEL, render_text


class PauseMenu(FormScene):
    hint = "Tab / arrows: move   Enter: choose   Esc: back to the game"

    def build(self) -> None:
        from game.client.help import HelpOverlay
        from game.client.settings_screen import SettingsScreen

        width, height = self.size
        app = self.app
        column = self.px(360)
        self.panel = pygame.Rect(0, 0, column + self.px(64), self.px(430))
        self.panel.center = (width // 2, height // 2)
        x, y = self.panel.x + self.px(32), self.panel.y + self.px(24)
        self.label((x, y, column, self.px(52)), "Game menu", "#title")
        y += self.px(70)
        for text, shortcut, action, primary in (
                ("Resume  [Esc]", "r", self.back, True),
                ("Settings  [S]", "s", lambda: app.show_overlay(SettingsScreen(app, overlay=True)), False),
                ("How to play  [F1]", "h", lambda: app.show_overlay(HelpOverlay(app, back_to=PauseMenu(app))), False),
                ("Leave to the main menu  [L]", "l", app.main_menu, False)):  # (app.show closes this menu)
            self.button((x, y, column, self.px(48)), text, action, shortcut=shortcut, primary=primary)
            y += self.px(60)
        self._note_at = (x, y + self.px(4))

    def back(self) -> None:
        self.app.show_overlay(None)

    def draw(self, surface: pygame.Surface) -> None:
        draw_backdrop(surface)
        pygame.draw.rect(surface, PANEL, self.panel, border_radius=self.px(8))
        super().draw(surface)
        x, y = self._note_at
        for line in ("The match goes on while this menu is open.", "If you leave, your seat stays empty; with a",
                     "turn timer, a bot takes it after missed turns."):
            surface.blit(render_text(line, self.px(18), DIM), (x, y))
            y += self.px(18)
