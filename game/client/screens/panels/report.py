"""The Report tab: what happened, turn by turn, newest first, each turn's events in the order the
rules resolved them (RULES.md section 4), with that turn's alerts on top; a line with a place is a
link that centres the map on it and marks the hex. Above, this turn's notices from the server
(errors, events); older notices are not repeated.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import keys
from game.client.narrate import alerts, describe
from game.client.screens.panels.base import Panel, escape
from game.client.widgets.theme import TEXT
from game.rules.hexgrid import format_hex, parse_hex


class ReportPanel(Panel):
    title = "Report"
    key_name = "F6"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.box: pygame_gui.elements.UITextBox | None = None
        self._text = ""
        self.located = -1  # the report line L showed last

    def signature(self) -> tuple:
        view = self.session.view
        return (view.turn, view.version) if view is not None else ()

    def build(self) -> None:
        px = self.px
        pad = px(10)
        y = self.rect.y + pad + self.line_height(19) + px(4)
        self._text = ""
        self.box = self.add(pygame_gui.elements.UITextBox(
            "", pygame.Rect(self.rect.x + pad, y, self.rect.w - 2 * pad, self.rect.bottom - pad - y), self.manager))
        self.update()

    def update(self) -> None:
        if self.box is not None:
            text = report_html(self.session)
            if text != self._text:
                self._text = text
                self.box.set_text(text)

    def key(self, key: int) -> bool:
        """L: show the next event that has a place on the map."""
        view = self.session.view
        if keys.action_for(key, where="report") != "locate" or view is None:
            return False
        places = [e.at for e in view.report if e.at is not None]
        if places:
            self.located = (self.located + 1) % len(places)
            self.screen.locate(places[self.located])
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_BOX_LINK_CLICKED and event.ui_element is self.box:
            try:
                self.screen.locate(parse_hex(event.link_target))
            except ValueError:
                return False
            return True
        return super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        view = self.session.view
        if view is None:
            return
        turn = view.turn - 1
        title = "Newest first (click or L: locate)" if turn >= 1 else "Nothing has happened yet"
        self.text(surface, title, (self.rect.x + self.px(10), self.rect.y + self.px(10)),
                  19, TEXT, bold=True)


def report_html(session) -> str:
    """Every turn's report this client has seen, newest first (the wheel or the scroll bar goes back)."""
    view = session.view
    if view is None:
        return ""
    names = {r.id: r.name for r in view.rivals}
    lines = []
    fresh = session.notices[session.notices_this_turn:]
    if fresh:
        lines += [f"<font color='#f0e442'>{escape(notice)}</font>" for notice in fresh[-8:]]
        lines.append("")
    history = dict(session.reports)
    history.setdefault(view.turn - 1, tuple(view.report))
    for turn in sorted(history, reverse=True):
        if turn < 1 and not history[turn]:
            continue
        lines.append(f"<b>Turn {turn}</b>" + (" (last turn)" if turn == view.turn - 1 else ""))
        for text, at in alerts(history[turn], view.player, names):
            text = escape("! " + text)
            lines.append(f"<a href='{format_hex(at)}'><b>{text}</b></a>" if at is not None else f"<b>{text}</b>")
        for event in history[turn]:
            text = escape(describe(event, view.player, names))
            lines.append(f"<a href='{format_hex(event.at)}'>{text}</a>" if event.at is not None else text)
        if not history[turn]:
            lines.append("<font color='#96a0aa'><i>nothing you could see</i></font>")
        lines.append("")
    if not any(history.values()) and view.turn <= 1:
        lines.append("<font color='#96a0aa'><i>The first turn: give your orders, then End turn.</i></font>")
    while lines and not lines[-1]:
        lines.pop()
    return "<br>".join(lines)
