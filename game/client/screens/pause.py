"""The game's menu, over the game (the game screen opens it on Esc with
``app.show_overlay(PauseMenu(app))``): resume, settings, how to play, leave to the main menu;
and, for the player who hosts the match, pause or resume it for everyone, give the turn one more
minute, or end the turn now.

The match goes on while it is open (turns are simultaneous and the server keeps time); leaving
leaves the seat empty (with a turn timer, a bot takes over a seat whose player misses turns).
"""

from __future__ import annotations

from typing import Any, Callable

import pygame

from game.client.widgets.form import FormScene
from game.client.widgets.theme import DIM, PANEL, draw_backdrop, render_text


class PauseMenu(FormScene):
    scene_name = "pause"  # its name in the app's scene registry
    hint = "Tab / arrows: move   Enter: choose   Esc: back to the game"

    def __init__(self, app) -> None:
        super().__init__(app)
        self._phase_shown: str | None = None

    @property
    def is_host(self) -> bool:
        """Whether this window hosts the match it shows (then the menu has the host's controls)."""
        session = self.app.session
        return session is not None and session.host_token is not None and self.app.hosted is not None

    def build(self) -> None:
        width, height = self.size
        app, session = self.app, self.app.session
        entries: list[tuple[str, str, Callable[[], object], bool]] = [
            ("Resume  [Esc]", "r", self.back, True),
            ("Settings  [S]", "s", lambda: app.go_overlay("settings", overlay=True), False),
            ("How to play  [F1]", "h", lambda: app.go_overlay("help", back_to=app.make("pause")), False),
            ("Leave to the main menu  [L]", "l", app.main_menu, False),  # (app.show closes this menu)
        ]
        if self.is_host and session is not None and session.phase in ("running", "paused"):
            self._phase_shown = session.phase
            if session.phase == "paused":
                entries.append(("Resume the match for everyone  [P]", "p", lambda: self.host("resume"), False))
            else:
                entries.append(("Pause the match for everyone  [P]", "p", lambda: self.host("pause"), False))
                if session.deadline is not None:
                    entries.append(("One more minute for this turn  [E]", "e",
                                    lambda: self.host("extend", seconds=60), False))
                entries.append(("End this turn now  [N]", "n", lambda: self.host("advance"), False))
        column = self.px(400)
        self.panel = pygame.Rect(0, 0, column + self.px(64), self.px(160) + len(entries) * self.px(60))
        self.panel.center = (width // 2, height // 2)
        x, y = self.panel.x + self.px(32), self.panel.y + self.px(24)
        self.label((x, y, column, self.px(52)), "Game menu", "#title")
        y += self.px(70)
        for text, shortcut, action, primary in entries:
            self.button((x, y, column, self.px(48)), text, action, shortcut=shortcut, primary=primary)
            y += self.px(60)
        self._note_at = (x, y + self.px(4))

    def host(self, action: str, **fields: Any) -> None:
        """A host action for everyone in the match (the menu changes when the server confirms it)."""
        session = self.app.session
        if session is not None:
            session.host_action(action, **fields)

    def update(self, now: float) -> None:
        super().update(now)
        session = self.app.session
        if self._phase_shown is not None and session is not None and session.phase != self._phase_shown:
            self.rebuild()  # paused or resumed: the other button

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
