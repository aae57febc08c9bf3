"""Shared by the client tests: pygame without a screen or a sound card, and the fixtures that open it."""

from __future__ import annotations

import os

# Before any test module imports pygame: SDL's dummy video driver, and no banner on stdout.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture
def display():
    """pygame's display and fonts (not pygame.init(): no audio device is needed), quit afterwards."""
    pygame.display.init()
    pygame.font.init()
    yield
    pygame.quit()


@pytest.fixture
def app(display, tmp_path, monkeypatch):
    """A whole App window, its settings and any hosted database kept under tmp_path."""
    from tests.client.menu_harness import make_app

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    made = make_app(tmp_path)
    yield made
    made.close()
