"""A real ``App`` (SDL's dummy video driver) for the menu tests, and ways to drive it: keys, frames
until something holds (waiting on the link's queue, never sleeping), screenshots."""

from __future__ import annotations

import os

from typing import Callable

import pygame

from game.client.app import App
from game.client.settings import Settings
from game.play_command import services

SIZE = (1280, 800)


def make_app(folder, scale: float = 1.0, size: tuple[int, int] = SIZE) -> App:
    return App(services(folder), size, settings=Settings(ui_scale=scale), settings_path=folder / "settings.json")


def frame(app: App) -> None:
    """One frame with whatever pygame (and pygame_gui) posted since the last."""
    app.step(pygame.event.get())


def press(app: App, key: int, unicode: str = "", mod: int = 0, frames: int = 2) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
    for _ in range(frames):  # widgets answer with events of their own, handled the next frame
        frame(app)


def type_text(app: App, text: str) -> None:
    for character in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=character))
    frame(app)
    frame(app)


def settle(app: App, done: Callable[[], bool], rounds: int = 200, timeout: float = 5.0) -> None:
    """Frames until ``done()``; between frames, wait (bounded) for the next frame from the server."""
    for _ in range(rounds):
        frame(app)
        if done():
            return
        link = app.link
        connection = link.connection if link is not None else None
        if connection is not None:
            incoming = connection.incoming
            with incoming.not_empty:
                if not incoming.queue:
                    incoming.not_empty.wait(timeout)
    raise AssertionError("the window never reached the state wanted")


def distinct_colours(surface: pygame.Surface) -> int:
    small = pygame.transform.scale(surface, (160, 100))
    return len({tuple(small.get_at((x, y)))[:3] for x in range(160) for y in range(100)})


def screenshot(app: App, name: str, folder) -> None:
    """Keep the window as a PNG in $SPIRAL_SCREENSHOTS (e.g. docs/screenshots), else in ``folder``."""
    target = os.environ.get("SPIRAL_SCREENSHOTS") or str(folder)
    os.makedirs(target, exist_ok=True)
    pygame.image.save(app.window, os.path.join(target, name))
