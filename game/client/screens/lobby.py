"""The lobby of a match that has not started: its join code, where to connect, the seats as people
take them; the host starts the match (open seats get bots), everyone then goes to the game."""

from __future__ import annotations

from urllib.parse import urlsplit

import pygame

from game.client.protocol.address import lan_addresses
from game.client.widgets.form import FormScene
from game.client.map.palette import player_colour
from game.client.widgets.theme import ACCENT, DIM, PANEL, TEXT, WARN, render_text, wrap


class LobbyScreen(FormScene):
    scene_name = "lobby"  # its name in the app's scene registry

    def __init__(self, app, *, hosting: bool = False, listen: str | None = None, code: str | None = None) -> None:
        super().__init__(app)
        self.hosting = hosting
        self.code = code  # the join code a joiner used (a host's session knows its own)
        self.hint = ("Enter: start the match   Esc: cancel   F1 / ?: how to play" if hosting
                     else "Esc: leave   F1 / ?: how to play, while you wait")
        self.listen = listen  # the host's listening address ("0.0.0.0" or "127.0.0.1"), when hosting
        self.starting = False
        self.start_problem: str | None = None  # the server refused to start the match
        self._notices_seen = 0
        self.addresses = self._addresses()

    def _addresses(self) -> list[str]:
        link = self.app.link
        if not self.hosting or link is None:
            return []
        if self.listen is None:  # a match created on someone else's server: its address as typed
            return [link.url]
        port = urlsplit(link.url).port
        if self.listen == "0.0.0.0":
            return [f"ws://{address}:{port}" for address in lan_addresses()] + [f"ws://127.0.0.1:{port} (this machine)"]
        return [f"ws://127.0.0.1:{port} (this machine only)"]

    def build(self) -> None:
        width, height = self.size
        margin = self.px(40)
        self.label((margin, self.px(20), width - 2 * margin, self.px(56)),
                   "Hosting a match" if self.hosting else "Waiting for the host", "#title")
        bar_y = height - self.px(40) - self.px(48)
        if self.hosting:
            self.button((width - margin - self.px(300), bar_y, self.px(300), self.px(48)), "Start the match  [Enter]",
                        self.start, primary=True, enabled=not self.starting)
            self.button((margin, bar_y, self.px(300), self.px(48)),
                        "Cancel and stop the server" if self.listen is not None else "Cancel the match", self.back)
        else:
            self.button((margin, bar_y, self.px(200), self.px(48)), "Leave  [Esc]", self.back)

    @property
    def session(self):
        return self.app.session

    def start(self) -> None:
        session = self.session
        if session is None or session.host_action("start") is None:
            return
        self.starting, self.start_problem = True, None
        self._notices_seen = len(session.notices)
        self.rebuild()

    def submit(self) -> None:
        if self.hosting and not self.starting:
            self.start()

    def back(self) -> None:
        if self.hosting:
            if self.session is not None:  # the seat is freed and the lobby dropped now, not on its expiry
                self.session.leave()
            self.app.disconnect()
            if self.listen is not None:  # the window runs the server: it goes with the match
                self.app.stop_hosting()
            self.app.leave_hosted_match()
        self.app.main_menu()

    def update(self, now: float) -> None:
        super().update(now)
        session = self.session
        if session is not None and session.view is not None and session.phase in ("running", "paused", "over"):
            self.app.go("game")
        elif self.starting and session is not None:
            refused = [n for n in session.notices[self._notices_seen:] if n.startswith("host:")]
            if refused:
                self.starting, self.start_problem = False, f"The server did not start the match: {refused[-1]}"
                self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        session, link = self.session, self.app.link
        width, height = self.size
        x, y = self.px(40), self.px(92)
        column = width - 2 * x
        problem = None
        if session is not None and session.failure:
            problem = session.failure
        elif self.start_problem:
            problem = self.start_problem
        elif link is not None and link.state == "failed":
            problem = f"The connection to the server failed: {link.problem}"
        elif link is not None and link.state == "reconnecting":
            problem = link.banner()
        if session is None or session.seat is None:
            message = problem or "Setting up the match..."
            for line in wrap(message, self.px(24), column)[:4]:
                surface.blit(render_text(line, self.px(24), WARN if problem else ACCENT), (x, y))
                y += self.px(26)
            return
        scenario = session.view.scenario if session.view is not None else None
        title = scenario.title if scenario is not None else "the match"
        surface.blit(render_text(f"{title}: {len(session.seats)} seats", self.px(26)), (x, y))
        y += self.px(34)
        if session.code or self.code:
            surface.blit(render_text("Join code", self.px(22), DIM), (x, y))
            code = render_text(session.code or self.code or "", self.px(64), ACCENT, bold=True)
            surface.blit(code, (x, y + self.px(20)))
            y += self.px(20) + code.get_height() + self.px(8)
        if self.addresses:
            surface.blit(render_text("Players join with Spiral's \"Join a match\" at:", self.px(22), DIM), (x, y))
            y += self.px(22)
            for address in self.addresses[:4]:
                surface.blit(render_text(address, self.px(26), TEXT), (x + self.px(16), y))
                y += self.px(26)
            if self.listen == "0.0.0.0":
                surface.blit(render_text("(or: spiral join ADDRESS CODE)  The firewall must let this port in.",
                                         self.px(20), DIM), (x, y))
                y += self.px(22)
        y += self.px(12)
        surface.blit(render_text("Seats", self.px(22), DIM), (x, y))
        y += self.px(24)
        row_h = self.px(30)
        room = height - self.px(40) - self.px(48) - self.px(40) - y  # above the buttons, a line for the status
        columns = 1 if len(session.seats) * row_h <= room else 2  # eight seats at a large scale
        gap = self.px(16)
        row_w = min(column, self.px(760)) if columns == 1 else (column - gap) // 2
        rows = -(-len(session.seats) // columns)
        for n, seat in enumerate(session.seats):
            index = seat.seat
            name = scenario.player_names[index] if scenario and index < len(scenario.player_names) else f"seat {index}"
            if index == session.seat:
                name_given = seat.name or session.name
                who, colour = ("you" if name_given in ("you", None) else f"you ({name_given})"), ACCENT
            elif seat.bot:
                who, colour = f"bot: {seat.bot}", TEXT
            elif seat.taken:
                who, colour = seat.name or "a player", TEXT
            elif columns == 1:
                who, colour = "open: waiting for a player (a bot plays it if nobody comes)", DIM
            else:
                who, colour = "open", DIM
            left, top = x + (n // rows) * (row_w + gap), y + (n % rows) * row_h
            pygame.draw.rect(surface, PANEL, (left, top, row_w, row_h - self.px(4)), border_radius=self.px(4))
            pygame.draw.rect(surface, player_colour(index), (left + self.px(8), top + self.px(6), self.px(14),
                                                             self.px(14)))
            image = render_text(f"{name} (seat {index}): {who}", self.px(22), colour)
            surface.blit(image, (left + self.px(30), top + self.px(4)),
                         area=pygame.Rect(0, 0, row_w - self.px(38), image.get_height()))
        y += rows * row_h
        y += self.px(8)
        if problem:
            lines, colour = wrap(problem, self.px(22), column), WARN
        elif self.starting:
            lines, colour = ["Starting the match..."], ACCENT
        elif self.hosting:
            lines, colour = ["Start when everyone is in; a bot takes each seat still open."], DIM
        else:
            lines, colour = ["The host starts the match when everyone is in."], DIM
        for line in lines[:3]:
            if y > height - self.px(100):
                break
            surface.blit(render_text(line, self.px(22), colour), (x, y))
            y += self.px(24)
