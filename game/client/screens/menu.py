"""The main menu: play against bots, join a match, host one, teach a class, settings, how to play, quit."""

from __future__ import annotations

from typing import Callable

import pygame

from game.client.widgets.form import FormScene
from game.client.widgets.theme import DIM, WARN, render_text


class MainMenu(FormScene):
    scene_name = "menu"  # its name in the app's scene registry
    hint = "Tab / arrows: move   Enter: choose   or press the letter in brackets   F1 / ?: how to play"

    def build(self) -> None:
        width, height = self.size
        column = self.px(380)
        x = (width - column) // 2
        y = max(self.px(20), height // 2 - self.px(250))
        self.label((0, y, width, self.px(60)), "Spiral", "#title", centre=True)
        y += self.px(60)
        self.label((0, y, width, self.px(30)), "a strategy game about the security dilemma", "#subtitle", centre=True)
        y += self.px(56)
        app = self.app
        entries: tuple[tuple[str, str | None, Callable[[], object], bool], ...] = (
            ("Play against bots  [P]", "p", lambda: app.go("picker"), True),
            ("Join a match  [J]", "j", lambda: app.go("connect"), False),
            ("Host a match  [H]", "h", lambda: app.go("host"), False),
            ("Teach a class  [T]", "t", lambda: app.go("teach"), False),
            ("Settings  [S]", "s", lambda: app.go("settings"), False),
            ("How to play  [F1]", None, app.toggle_help, False),
            ("Quit  [Q]", "q", self.quit, False),
        )
        if app.parked is not None:  # a match left for the menu goes on: offer the way back first
            entries = (("Return to your match  [R]", "r", app.return_to_match, True),
                       *((text, key, action, False) for text, key, action, _ in entries))
        elif app.unreturned is not None:  # a match hosted before the window (or its server) stopped
            entries = ((f"Return to your match {app.unreturned.code}  [R]", "r", self.return_to_hosted, True),
                       *((text, key, action, False) for text, key, action, _ in entries))
        if app.hosted is not None:  # hosting goes on from the menu until stopped (the others may still play)
            entries = entries[:-1] + (("Stop hosting  [X]", "x", self.stop_hosting, False),) + entries[-1:]
        step = min(self.px(60), (height - y - self.px(70)) // len(entries))  # room for the status line
        for text, shortcut, action, primary in entries:
            self.button((x, y, column, step - self.px(12)), text, action, shortcut=shortcut, primary=primary)
            y += step
        self._status_y = y + self.px(8)

    def return_to_hosted(self) -> None:
        self.app.return_to_hosted_match()
        if self.app.return_problem is not None:
            self.rebuild()

    def stop_hosting(self) -> None:
        self.app.stop_hosting()
        self.rebuild()

    def quit(self) -> None:
        self.app.running = False

    def back(self) -> None:
        """Esc on the main menu does nothing: quitting is a deliberate choice (Q)."""

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        hosted = self.app.hosted
        if self.app.return_problem is not None:
            image = render_text(self.app.return_problem, self.px(20), WARN)
            surface.blit(image, image.get_rect(midtop=(self.size[0] // 2, self._status_y)))
        elif hosted is not None:
            line = f"You are hosting a server at {hosted.url} (it stops when you stop it, quit or host again)."
            image = render_text(line, self.px(20), DIM)
            surface.blit(image, image.get_rect(midtop=(self.size[0] // 2, self._status_y)))
