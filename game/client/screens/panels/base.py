"""What every tab of the side panel shares: its widgets' life cycle, scaled text, wrapping."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Callable

import pygame
import pygame_gui

from game.client.widgets.theme import TEXT, live_font, render_text, wrap

if TYPE_CHECKING:
    from game.client.screens.game_screen import GameScreen
    from game.client.protocol.session import Session


TEXT_BOOST = 1.12


class Panel:
    title = ""
    key_name = ""  # the function key that opens the tab (shown on its button)

    def __init__(self, screen: GameScreen) -> None:
        self.screen = screen
        self.widgets: list[Any] = []
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._built: tuple[Any, ...] | None = None

    @property
    def app(self):
        return self.screen.app

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.screen.app.manager

    @property
    def session(self) -> Session:
        return self.screen.session

    def px(self, value: float) -> int:
        return self.screen.app.px(value)

    # --- life cycle ----------------------------------------------------------------------------

    def signature(self) -> tuple[Any, ...]:
        """What the widgets depend on; the panel is rebuilt when it changes."""
        return ()

    def ensure(self, rect: pygame.Rect) -> None:
        """Build the widgets if the rectangle or what they show changed."""
        wanted = (tuple(rect), self.manager, self.signature())
        if wanted != self._built:
            self.kill()
            self.rect = pygame.Rect(rect)
            self.build()
            self._built = wanted

    def build(self) -> None:
        """Make the widgets for ``self.rect`` (through ``add``)."""

    def kill(self) -> None:
        for widget in self.widgets:
            widget.kill()
        self.widgets = []
        self._built = None

    def add(self, widget: Any) -> Any:
        self.widgets.append(widget)
        if widget.ui_container is self.manager.get_root_container() and not self.rect.contains(widget.rect):
            widget.hide()  # a window too small for this tab: hidden rather than over the End turn button
        return widget

    def button(self, rect: pygame.Rect, text: str, command: Callable[[], object], *, tip: str | None = None,
               enabled: bool = True, selected: bool = False, object_id: str | None = None,
               container: Any = None) -> pygame_gui.elements.UIButton:
        made = self.add(pygame_gui.elements.UIButton(rect, text, self.manager, container=container, tool_tip_text=tip,
                                                     object_id=object_id))
        made.spiral_command = command  # called by ``handle`` on UI_BUTTON_PRESSED
        if not enabled:
            made.disable()
        if selected:
            made.select()
        return made

    # --- events and drawing --------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> bool:
        """A widget event for this panel; True if it was used."""
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.widgets:
            command = getattr(event.ui_element, "spiral_command", None)
            if command is not None:
                command()
                return True
        return False

    def key(self, key: int) -> bool:
        """A key press while this tab is open (and no text field has the keyboard); True if used."""
        return False

    def update(self) -> None:
        """Once a frame: bring the widgets' values in line with the session."""

    def draw(self, surface: pygame.Surface) -> None:
        """The hand-drawn parts."""

    # --- text ----------------------------------------------------------------------------------

    def font_size(self, size: int) -> int:
        # pygame's default font runs small next to the widgets' Noto Sans: one step up.
        return self.px(size * TEXT_BOOST)

    def text(self, surface: pygame.Surface, line: str, pos: tuple[int, int], size: int = 18, colour=TEXT,
             bold: bool = False) -> pygame.Rect:
        return surface.blit(render_text(line, self.font_size(size), colour, bold), pos)

    def wrapped(self, surface: pygame.Surface, line: str, pos: tuple[int, int], width: int, size: int = 18,
                colour=TEXT, max_lines: int = 4) -> int:
        """Draw ``line`` wrapped to ``width``; return the y below it."""
        x, y = pos
        step = live_font(self.font_size(size)).get_linesize()
        for part in wrap(line, self.font_size(size), width)[:max_lines]:
            self.text(surface, part, (x, y), size, colour)
            y += step
        return y

    def line_height(self, size: int = 18) -> int:
        return live_font(self.font_size(size)).get_linesize()


def escape(text: str) -> str:
    """Text for a ``UITextBox`` (its markup is a small HTML)."""
    return html.escape(str(text), quote=True)


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour[:3])
