"""What the menu screens share: widgets built from the scene's state, and a keyboard focus.

pygame_gui gives buttons, text fields and lists but no keyboard focus for buttons and lists,
so a ``FormScene`` keeps its own. Tab / Shift-Tab (and the up/down arrows, except inside a
list) move between the focusable widgets, the focused one outlined; Left/Right change a
drop-down's choice (Up/Down too, in a list); Enter presses the focused button and, in a text
field, does the form's main action (``submit``); Esc goes back (``back``); a button may have a
shortcut letter, which works while no text field has the keyboard.

A scene keeps every value in its own attributes and builds its widgets from them in ``build``;
``rebuild`` kills and builds them again (after a keyboard change of a choice, a resize, a new
UI scale), so nothing is lost with the widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pygame
import pygame_gui
from pygame_gui.elements import (UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox,
                                 UITextEntryLine)

from game.client.scene import Scene
from game.client.widgets.theme import ACCENT, BACKGROUND, DIM, render_text

Rect = tuple[int, int, int, int] | pygame.Rect


@dataclass
class Focusable:
    widget: Any
    kind: str  # "button", "entry", "dropdown" or "list"
    action: Callable[[], object] | None = None  # a button's (what it returns is not used)
    options: tuple[str, ...] = ()  # a choice's
    on_change: Callable[[str], None] | None = None  # a choice's or a text field's


class FormScene(Scene):
    """A screen of widgets with keyboard focus; subclasses write ``build`` (and ``submit``, ``back``)."""

    hint = "Tab / arrows: move   Left/Right: change   Enter: choose   Esc: back"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.focus = 0
        self._widgets: list[Any] = []
        self._focusables: list[Focusable] = []
        self._shortcuts: dict[str, Callable[[], object]] = {}

    # --- building ------------------------------------------------------------------------------

    def build(self) -> None:
        """Make the widgets for the window's current size from the scene's attributes."""

    def enter(self) -> None:
        self._widgets, self._focusables, self._shortcuts = [], [], {}
        self.build()
        if self._focusables:
            self.focus = max(0, min(self.focus, len(self._focusables) - 1))
            self._focus_widget()

    def leave(self) -> None:
        for widget in self._widgets:
            widget.kill()
        self._widgets, self._focusables, self._shortcuts = [], [], {}

    def rebuild(self) -> None:
        self.leave()
        self.enter()

    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    def px(self, value: float) -> int:
        return self.app.px(value)

    def _keep(self, widget: Any, focusable: Focusable | None = None) -> Any:
        self._widgets.append(widget)
        if focusable is not None:
            self._focusables.append(focusable)
        return widget

    def label(self, rect: Rect, text: str, object_id: str | None = None, *, centre: bool = False) -> UILabel:
        """A line of text; ``centre``: centred in ``rect`` (labels are left-aligned by the theme)."""
        rect = pygame.Rect(rect)
        if not centre:
            return self._keep(UILabel(rect, text, self.manager, object_id=object_id))
        widget = UILabel(pygame.Rect(rect.x, rect.y, -1, rect.h), text, self.manager, object_id=object_id)
        widget.set_relative_position((rect.centerx - widget.rect.w // 2, rect.y))
        return self._keep(widget)

    def text_box(self, rect: Rect, html: str, object_id: str | None = None) -> UITextBox:
        return self._keep(UITextBox(html, pygame.Rect(rect), self.manager, object_id=object_id))

    def button(self, rect: Rect, text: str, action: Callable[[], object], *, shortcut: str | None = None,
               primary: bool = False, enabled: bool = True, tooltip: str | None = None) -> UIButton:
        widget = UIButton(pygame.Rect(rect), text, self.manager, object_id="#primary" if primary else None,
                          tool_tip_text=tooltip)
        if not enabled:
            widget.disable()
            return self._keep(widget)
        if shortcut:
            self._shortcuts[shortcut.lower()] = action
        return self._keep(widget, Focusable(widget, "button", action=action))

    def entry(self, rect: Rect, text: str, on_change: Callable[[str], None], *, placeholder: str | None = None,
              length: int | None = None) -> UITextEntryLine:
        widget = UITextEntryLine(pygame.Rect(rect), self.manager, initial_text=text or None,
                                 placeholder_text=placeholder)
        if length is not None:
            widget.set_text_length_limit(length)
        return self._keep(widget, Focusable(widget, "entry", on_change=on_change))

    def dropdown(self, rect: Rect, options: list[str], selected: str,
                 on_change: Callable[[str], None]) -> UIDropDownMenu:
        rect = pygame.Rect(rect)
        room = max(rect.h * 3, self.size[1] - rect.bottom - self.px(8))
        widget = UIDropDownMenu(list(options), selected if selected in options else options[0], rect, self.manager,
                                expansion_height_limit=room)
        return self._keep(widget, Focusable(widget, "dropdown", options=tuple(options), on_change=on_change))

    def listing(self, rect: Rect, options: list[str], selected: str | None,
                on_change: Callable[[str], None]) -> UISelectionList:
        widget = UISelectionList(pygame.Rect(rect), list(options), self.manager,
                                 default_selection=selected if selected in options else None)
        return self._keep(widget, Focusable(widget, "list", options=tuple(options), on_change=on_change))

    # --- what the scene does -------------------------------------------------------------------

    def submit(self) -> None:
        """Enter in a text field: the form's main action."""

    def back(self) -> None:
        """Esc: leave the screen."""
        self.app.main_menu()

    # --- keyboard focus ------------------------------------------------------------------------

    @property
    def focused(self) -> Focusable | None:
        return self._focusables[self.focus] if 0 <= self.focus < len(self._focusables) else None

    def is_typing(self) -> bool:
        focused = self.focused
        return focused is not None and focused.kind == "entry" and focused.widget.is_focused

    def move_focus(self, step: int) -> None:
        if not self._focusables:
            return
        self.focus = (self.focus + step) % len(self._focusables)
        self._focus_widget()

    def focus_on(self, widget: Any) -> None:
        for index, focusable in enumerate(self._focusables):
            if focusable.widget is widget:
                self.focus = index
                self._focus_widget()

    def _focus_widget(self) -> None:
        focused = self.focused
        if focused is not None and focused.kind == "entry":
            self.manager.set_focus_set(focused.widget)
            focused.widget.edit_position = len(focused.widget.get_text())  # type after what is there
        else:
            self.manager.set_focus_set(None)

    def _step_choice(self, focusable: Focusable, step: int) -> None:
        widget, options = focusable.widget, focusable.options
        if not options or focusable.on_change is None:
            return
        current = widget.selected_option if focusable.kind == "dropdown" else widget.get_single_selection()
        if isinstance(current, tuple):
            current = current[0]
        index = options.index(current) if current in options else -1
        index = max(0, min(len(options) - 1, index + step)) if index >= 0 else 0
        focusable.on_change(options[index])
        self.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            for focusable in self._focusables:
                if focusable.widget is event.ui_element and focusable.action is not None:
                    self.focus_on(event.ui_element)
                    focusable.action()
                    return
        elif event.type in (pygame_gui.UI_DROP_DOWN_MENU_CHANGED, pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                            pygame_gui.UI_TEXT_ENTRY_CHANGED):
            for focusable in self._focusables:
                if focusable.widget is event.ui_element and focusable.on_change is not None:
                    if focusable.kind != "entry":
                        self.focus = self._focusables.index(focusable)
                    focusable.on_change(event.text)
                    return
        elif event.type == pygame.KEYDOWN:
            self.key(event)

    def key(self, event: pygame.event.Event) -> None:
        focused = self.focused
        key, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        if key == pygame.K_TAB:
            self.move_focus(-1 if shift else 1)
        elif key in (pygame.K_UP, pygame.K_DOWN) and focused is not None and focused.kind == "list":
            self._step_choice(focused, -1 if key == pygame.K_UP else 1)
        elif key in (pygame.K_UP, pygame.K_DOWN):
            self.move_focus(-1 if key == pygame.K_UP else 1)
        elif key in (pygame.K_LEFT, pygame.K_RIGHT) and focused is not None and focused.kind in ("dropdown", "list"):
            self._step_choice(focused, -1 if key == pygame.K_LEFT else 1)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            if focused is not None and focused.kind == "button" and focused.action is not None:
                focused.action()
            else:
                self.submit()
        elif key == pygame.K_SPACE and focused is not None and focused.kind == "button" and focused.action is not None:
            focused.action()
        elif key == pygame.K_ESCAPE:
            self.back()
        elif not self.is_typing():
            action = self._shortcuts.get((getattr(event, "unicode", "") or "").lower())
            if action is not None:
                action()

    def update(self, now: float) -> None:
        # A click into a text field moves the keyboard focus there too.
        for index, focusable in enumerate(self._focusables):
            if focusable.kind == "entry" and focusable.widget.is_focused and index != self.focus:
                self.focus = index

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        focused = self.focused
        if focused is not None and focused.widget.alive():
            rect = focused.widget.get_abs_rect() if hasattr(focused.widget, "get_abs_rect") else focused.widget.rect
            pygame.draw.rect(surface, ACCENT, pygame.Rect(rect).inflate(self.px(8), self.px(8)), max(2, self.px(2)),
                             border_radius=self.px(6))
        if self.hint:
            strip = pygame.Rect(0, self.size[1] - self.px(30), self.size[0], self.px(30))
            surface.fill(BACKGROUND, strip)
            image = render_text(self.hint, self.px(18), DIM)
            surface.blit(image, (self.px(24), strip.y + self.px(6)))
