"""Join a match: the server's address, the join code (or a class code) and your name; or pick one of the server's
public matches. Shows "connecting..." and then the lobby (if the host has not started yet) or
the game; or, in the window, why it failed (no server there, a wrong code, another version...).
"""

from __future__ import annotations

import pygame

from game.client.protocol.address import normalise_address, normalise_code, unreachable
from game.client.widgets.form import FormScene
from game.client.widgets.theme import ACCENT, DIM, WARN, render_text, wrap
from game.wire.server_messages import ListedMatch

class ConnectScreen(FormScene):
    scene_name = "connect"  # its name in the app's scene registry
    hint = "Tab / arrows: move   Enter: join   Esc: back"

    def __init__(self, app, address: str | None = None, code: str = "", name: str | None = None, *,
                 returning: bool = False) -> None:
        super().__init__(app)
        self.address = address if address is not None else app.settings.last_address
        self.code = code
        self.name = name if name is not None else app.settings.name
        # "form", "joining" (also when returning to a hosted match: the app sent the rejoin) or "listing"
        self.state = "joining" if returning else "form"
        self.problem: str | None = None
        self.matches: list[ListedMatch] | None = None
        self.url: str | None = self.address if returning else None

    def build(self) -> None:
        width, height = self.size
        column = min(width - self.px(64), self.px(560))
        x = (width - column) // 2
        y = self.px(24)
        row = self.px(36)
        self.label((x, y, column, self.px(56)), "Join a match", "#title")
        y += self.px(72)
        for title, value, change, hint, length in (
                ("Server address", self.address, self._address_changed, "ws://host:8765", 200),
                ("Join code (from the host) or class code (from the teacher)", self.code, self._code_changed,
                 "e.g. K7QM2XPA", 16),
                ("Your name", self.name, self._name_changed, "you", 24)):
            self.label((x, y, column, self.px(24)), title, "#dim")
            self.entry((x, y + self.px(24), column, row), value, change, placeholder=hint, length=length)
            y += self.px(24) + row + self.px(12)
        y += self.px(6)
        half = (column - self.px(12)) // 2
        self.button((x, y, half, self.px(44)), "Join  [Enter]", self.join, primary=True)
        self.button((x + half + self.px(12), y, half, self.px(44)), "Find public matches", self.find_matches,
                    tooltip="Ask the server for the matches anyone may join")
        y += self.px(56)
        self.button((x, y, column, self.px(44)), "Create a match on this server", self.create_here,
                    tooltip="Choose the scenario, the seats and the timer; you host it on that server")
        y += self.px(56)
        self._status_at = (x, y)
        self._status_width = column
        y += self.px(108)  # five lines for a problem
        if self.matches:
            rows = {self._match_row(m): m for m in self.matches}
            list_h = min(len(rows) * self.px(30) + self.px(8), height - y - self.px(110))
            if list_h >= self.px(38):
                self.label((x, y, column, self.px(24)), "Public matches (choose one, then Join)", "#dim")
                self.listing((x, y + self.px(24), column, list_h), list(rows), None, self._pick_match)
                y += self.px(24) + list_h + self.px(8)
        self.button((x, height - self.px(40) - self.px(44), self.px(160), self.px(44)), "Back  [Esc]", self.back)

    @staticmethod
    def _match_row(match: ListedMatch) -> str:
        open_seats = sum(1 for s in match.seats if not s.taken)
        timer = f"{match.turn_seconds // 60} min turns" if match.turn_seconds else "no timer"
        state = "waiting to start" if match.phase == "lobby" else f"turn {match.turn}, {match.phase}"
        return (f"{match.code}  {match.scenario}: {state}, {open_seats} of {len(match.seats)} seats open, "
                f"{timer}")

    def _address_changed(self, text: str) -> None:
        self.address, self.problem = text, None

    def _code_changed(self, text: str) -> None:
        self.code, self.problem = text, None

    def _name_changed(self, text: str) -> None:
        self.name, self.problem = text, None

    def _pick_match(self, row: str) -> None:
        for match in self.matches or ():
            if self._match_row(match) == row:
                self.code = match.code
                self.rebuild()

    def _checked(self) -> tuple[str, str] | None:
        try:
            url = normalise_address(self.address)
        except ValueError as problem:
            self.problem = str(problem)
            return None
        name = self.name.strip()[:24] or "you"
        return url, name

    def join(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        url, name = checked
        code = normalise_code(self.code)
        if not code:
            self.problem = "Type the join code the host gave you (or find the public matches and pick one)."
            return
        self.url, self.code, self.problem, self.state = url, code, None, "joining"
        self.app.remember(last_address=url, name=name)
        self.app.join(url, code, name)

    def create_here(self) -> None:
        """The host form, to create a match on the server at the address typed (not in this window)."""
        checked = self._checked()
        if checked is None:
            return
        url, name = checked
        self.app.remember(last_address=url, name=name)
        self.app.go("host", remote=url)

    def find_matches(self) -> None:
        checked = self._checked()
        if checked is None:
            return
        url, name = checked
        self.url, self.problem, self.state, self.matches = url, None, "listing", None
        session = self.app.connect(url, name)
        session.start_listing()

    def submit(self) -> None:
        self.join()

    def back(self) -> None:
        self.app.main_menu()

    def update(self, now: float) -> None:
        super().update(now)
        session, link = self.app.session, self.app.link
        if self.state == "form" or session is None or link is None:
            return
        if session.failure is not None or link.state == "failed":
            failure = session.failure or ""
            self.problem = (unreachable(self.url or link.url, link.problem) if failure.startswith("Could not reach")
                            or not failure else failure)
            self.state = "form"
            self.app.disconnect()
        elif self.state == "listing" and session.matches is not None:
            self.matches, self.state = session.matches, "form"
            if not self.matches:
                self.problem = "The server has no public matches waiting. Ask the host for the join code."
            self.app.disconnect()
            self.rebuild()
        elif self.state == "joining" and session.seat is not None and session.view is not None:
            if session.phase == "lobby":
                self.app.go("lobby", code=self.code, hosting=session.host_token is not None,
                            listen=self.app.hosted_listen)
            else:
                self.app.go("game")

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        x, y = self._status_at
        if self.problem:
            lines, colour = wrap(self.problem, self.px(20), self._status_width), WARN
        elif self.state == "joining":
            lines, colour = [f"Connecting to {self.url}..."], ACCENT
        elif self.state == "listing":
            lines, colour = [f"Asking {self.url} for its matches..."], ACCENT
        else:
            lines, colour = ["The host sees the address and the code in the lobby of the match."], DIM
        for line in lines[:5]:
            surface.blit(render_text(line, self.px(20), colour), (x, y))
            y += self.px(20)
