"""The Chat tab: who is in the match (players, bots, missed deadlines), the messages, and a line to send.

Public lines go to everyone; a private line goes to one seat only. Messages are sent at once (they
are not orders). Enter in the text field sends; the recipient menu picks everyone or one player.
"""

from __future__ import annotations

import pygame
import pygame_gui

from game.client import keys
from game.client.screens.panels.base import Panel, escape, hex_colour
from game.client.map.palette import player_colour
from game.client.widgets.theme import DIM, TEXT

EVERYONE = "Everyone (public)"


def seat_names(session) -> dict[int, str]:
    """Each seat's name as the map knows it (the country), for chat and seats."""
    view = session.view
    names: dict[int, str] = {}
    if view is not None:
        names = {i: name for i, name in enumerate(view.scenario.player_names)}
    for seat in session.seats:
        names.setdefault(seat.seat, f"seat {seat.seat}")
    return names


class ChatPanel(Panel):
    title = "Chat"
    key_name = "F4"

    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.to: int | None = None
        self.log: pygame_gui.elements.UITextBox | None = None
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        self.menu: pygame_gui.elements.UIDropDownMenu | None = None
        self._log_text = ""
        self.seats_top = 0
        self._opened_by_key = False  # the T that opened the line also arrives as typed text: drop it
        self.unsent = ""  # what is typed, kept while the widgets are built again

    def signature(self) -> tuple:
        view = self.session.view
        return (view.player if view is not None else None, len(self.session.seats), self.to)

    def recipients(self) -> dict[str, int | None]:
        view = self.session.view
        names = seat_names(self.session)
        choices: dict[str, int | None] = {EVERYONE: None}
        me = view.player if view is not None else self.session.seat
        for seat, name in sorted(names.items()):
            if seat != me:
                choices[f"to {name} only"] = seat
        return choices

    def build(self) -> None:
        px = self.px
        pad = px(10)
        x, width = self.rect.x + pad, self.rect.w - 2 * pad
        self.seats_top = self.rect.y + pad
        seats = max(len(self.session.seats), len(seat_names(self.session)))
        y = self.seats_top + self.line_height(19) + px(2) + seats * self.line_height(17) + px(8)
        row = px(30)
        bottom = self.rect.bottom - pad
        log_height = bottom - y - 2 * (row + px(6))
        self._log_text = ""
        self.log = self.add(pygame_gui.elements.UITextBox("", pygame.Rect(x, y, width, max(px(60), log_height)),
                                                          self.manager))
        y = bottom - 2 * row - px(6)
        choices = self.recipients()
        current = next((label for label, seat in choices.items() if seat == self.to), EVERYONE)
        self.menu = self.add(pygame_gui.elements.UIDropDownMenu(list(choices), current, pygame.Rect(x, y, width, row),
                                                                self.manager, object_id="#drop_up"))
        y += row + px(6)
        send_w = px(70)
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(pygame.Rect(x, y, width - send_w - px(6), row),
                                                                  self.manager, placeholder_text="message (T to type)"))
        self.entry.set_text_length_limit(400)
        if self.unsent:
            self.entry.set_text(self.unsent)
        self.button(pygame.Rect(x + width - send_w, y, send_w, row), "Send", self.send)
        self.update()

    def kill(self) -> None:
        if self.entry is not None and self.entry.alive():
            self.unsent = self.entry.get_text()
        self.entry = None
        super().kill()

    def key(self, key: int) -> bool:
        """R: the next recipient (everyone, then each player alone)."""
        if keys.action_for(key, where="chat") != "next_recipient":
            return False
        seats = list(self.recipients().values())
        self.to = seats[(seats.index(self.to) + 1) % len(seats)] if self.to in seats else None
        return True

    def update(self) -> None:
        if self._opened_by_key and self.entry is not None:
            self._opened_by_key = False
            if self.entry.get_text() in ("t", "T"):
                self.entry.set_text("")
        if self.log is None:
            return
        text = chat_html(self.session)
        if text != self._log_text:
            self._log_text = text
            self.log.set_text(text)
            if self.log.scroll_bar is not None:  # the newest line in sight
                self.log.scroll_bar.set_scroll_from_start_percentage(1.0)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.send()
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menu:
            chosen = event.text if isinstance(event.text, str) else event.text[0]
            self.to = self.recipients().get(chosen)
            return True
        return super().handle(event)

    def focus_entry(self) -> None:
        if self.entry is not None:
            self.manager.set_focus_set(self.entry)
            self._opened_by_key = True

    def send(self) -> None:
        if self.entry is None:
            return
        if self.session.send_chat(self.entry.get_text(), self.to) is not None:
            self.entry.set_text("")
            self.unsent = ""

    def draw(self, surface: pygame.Surface) -> None:
        session, view, px = self.session, self.session.view, self.px
        pad = px(10)
        x = self.rect.x + pad
        y = self.seats_top
        self.text(surface, "Players", (x, y), 19, TEXT, bold=True)
        y += self.line_height(19) + px(2)
        names = seat_names(session)
        rivals = {r.id: r for r in view.rivals} if view is not None else {}
        seats = {s.seat: s for s in session.seats}
        for seat in sorted(set(names) | set(seats)):
            info = seats.get(seat)
            pygame.draw.rect(surface, player_colour(seat), (x, y + px(3), px(11), px(11)))
            name = names.get(seat, f"seat {seat}")
            is_me = seat == (view.player if view is not None else session.seat)
            if is_me:
                name += " (you)"
            parts = []
            if info is not None and info.bot:
                parts.append(f"bot: {info.bot}")
            elif info is not None and info.name and not is_me:
                parts.append(f"played by {info.name}")
            elif info is not None and not info.taken:
                parts.append("open seat")
            if info is not None and info.missed:
                parts.append(f"missed {info.missed} deadline(s)")
            rival = rivals.get(seat)
            if rival is not None:
                parts.append("OUT of the match" if rival.is_eliminated else f"{rival.cities} cities")
            line = name + (" - " + ", ".join(parts) if parts else "")
            self.text(surface, line, (x + px(16), y), 17, DIM if rival is not None and rival.is_eliminated else TEXT)
            y += self.line_height(17)


def chat_html(session) -> str:
    names = seat_names(session)
    me = session.view.player if session.view is not None else session.seat
    if not session.chat:
        return "<font color='#96a0aa'><i>No messages yet. Talk costs nothing - and binds no one.</i></font>"
    lines = []
    for line in session.chat[-200:]:
        sender, to = line.sender, line.to
        who = "you" if sender == me else names.get(sender, f"seat {sender}")
        private = "" if to is None else f" to {'you' if to == me else names.get(to, f'seat {to}')} (private)"
        colour = hex_colour(player_colour(sender))
        lines.append(f"<font color='#96a0aa'>t{line.turn}</font> <font color='{colour}'><b>{escape(who)}</b></font>"
                     f"<font color='#96a0aa'>{escape(private)}</font>: {escape(line.text)}")
    return "<br>".join(lines)
