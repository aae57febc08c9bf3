"""Teach a class: create a class session (hosting the server here, or on a server at an address), then
run the lesson from one screen — the class code for the students, every match's seats at a glance
(ready, sent orders, nothing yet, disconnected, away with a bot standing in), pacing for all matches
or the one picked, announcements, and the picked match with full information (every aim).

The screen talks to the server through its own connection and ``Teacher`` core (the teacher holds no
seat); a dropped connection is opened again by itself, and the class (its id and teacher token) is
remembered in the settings, so the screen offers to go back to it after the window was closed.
"""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pygame

from game.client.map.palette import player_colour
from game.client.protocol.address import DEFAULT_PORT, lan_addresses, normalise_address
from game.client.protocol.teacher import Teacher
from game.client.protocol.transport import Connection
from game.client.widgets.form import FormScene
from game.client.widgets.theme import ACCENT, DANGER, DIM, PANEL, TEXT, WARN, render_text, wrap
from game.wire.class_messages import MatchStatus

WORLDS = {
    "the four worlds (Jervis)": ["doubly-dangerous", "aggression-possible", "compatible-security", "doubly-safe"],
    "doubly dangerous and doubly safe": ["doubly-dangerous", "doubly-safe"],
    "doubly dangerous only": ["doubly-dangerous"],
    "doubly safe only": ["doubly-safe"],
}
SERVERS = {"host it here, on the local network": "0.0.0.0", "host it here, this machine only": "127.0.0.1",
           "a server at this address": None}
MATCHES = ("1", "2", "3", "4", "6", "8", "12", "16")
STUDENTS = ("1", "2", "3", "4")
TIMERS = {"1 minute": 60, "90 seconds": 90, "2 minutes": 120, "3 minutes": 180, "5 minutes": 300, "no timer": 0}
PRESS = {"chat: public and private": "full", "chat: public only": "public", "no chat": "none"}
BELIEFS = {"students record beliefs": True, "no belief recording": False}
SCOPES = ("all matches", "the match picked")
AIMS = {"aims: as each world draws them": "scenario", "aims: every state a security seeker": "security",
        "aims: the first state revisionist, the rest security": "revisionist:0",
        "aims: the first two revisionist, the rest security": "revisionist:0+1"}
INJECTS = {"inject: border incident": "border-incident", "inject: rumour, arming": "rumour-massing",
           "inject: rumour, peace": "rumour-peace"}  # assets/injects.toml
ANY_SEAT = "about: any state"  # drawn in each match
TEAMS = {"one student a state": False, "teams: members join with one name": True}
STATUS_COLOURS = {"ready": (0, 158, 115), "submitted": (86, 180, 233), "missing": (240, 228, 66),
                  "disconnected": (213, 94, 0), "away": (204, 121, 167), "bot": (110, 115, 125), "open": (70, 74, 82)}
POLL = 2.0  # seconds between status requests
RETRY = 1.0  # seconds before opening a dropped connection again


def class_database() -> Path:
    """Where a class hosted from this window keeps its records: ``$XDG_DATA_HOME/spiral/class.sqlite3``."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "spiral" / "class.sqlite3"


class TeachScreen(FormScene):
    scene_name = "teach"  # its name in the app's scene registry

    def __init__(self, app) -> None:
        super().__init__(app)
        self.state = "form"  # "form", then "class"
        self.server_choice = next(iter(SERVERS))
        self.address = app.settings.last_address
        self.port_text = str(DEFAULT_PORT)
        self.worlds = next(iter(WORLDS))
        self.matches = "4"
        self.students = "4"
        self.timer = "90 seconds"
        self.press = next(iter(PRESS))
        self.beliefs = next(iter(BELIEFS))
        self.title = "Class"
        self.problem: str | None = None
        self.url: str | None = None
        self.listen: str | None = None
        self.teacher = Teacher()
        self.connection: Connection | None = None
        self.retry_at: float | None = None
        self.next_poll = 0.0
        self.picked: str | None = None  # the match shown with full information
        self.scope = SCOPES[0]
        self.announcement = ""
        self.aims = next(iter(AIMS))
        self.teams = next(iter(TEAMS))
        self.inject = next(iter(INJECTS))
        self.about = ANY_SEAT
        self.assign_name = ""
        self.cards: list[tuple[pygame.Rect, str]] = []
        self._built_for: tuple | None = None

    # --- building --------------------------------------------------------------------------------

    def build(self) -> None:
        if self.state == "form":
            self._build_form()
        else:
            self._build_class()
        self._built_for = self._shape()

    def _build_form(self) -> None:
        width, height = self.size
        margin, row, gap = self.px(32), self.px(34), self.px(8)
        self.label((margin, self.px(16), width - 2 * margin, self.px(56)), "Teach a class", "#title")
        column = self.px(400)
        y = self.px(84)

        def field(title: str) -> int:
            nonlocal y
            self.label((margin, y, column, self.px(22)), title, "#dim")
            at = y + self.px(22)
            y = at + row + gap
            return at

        self.dropdown((margin, field("Server"), column, row), list(SERVERS), self.server_choice, self._choose_server)
        if SERVERS[self.server_choice] is None:
            self.entry((margin, field("Server address"), column, row), self.address, self._address_changed,
                       placeholder="ws://192.168.1.20:8765", length=200)
        else:
            self.entry((margin, field("Port (0: any free port)"), column, row), self.port_text, self._port_changed,
                       placeholder=str(DEFAULT_PORT), length=5)
        self.dropdown((margin, field("Worlds (one match each, side by side)"), column, row), list(WORLDS), self.worlds,
                      lambda text: setattr(self, "worlds", text))
        self.dropdown((margin, field("Matches (they cycle through the worlds)"), column, row), list(MATCHES),
                      self.matches, lambda text: setattr(self, "matches", text))
        self.dropdown((margin, field("Secret aims (revealed at the end)"), column, row), list(AIMS), self.aims,
                      lambda text: setattr(self, "aims", text))
        self.dropdown((margin, field("Teams (several students to a state)"), column, row), list(TEAMS), self.teams,
                      lambda text: setattr(self, "teams", text))
        right = margin + column + self.px(24)
        wide = width - right - margin
        y_right = self.px(84)
        for title, options, value, name in (
                ("Students per match (bots play the other seats)", list(STUDENTS), self.students, "students"),
                ("Turn timer", list(TIMERS), self.timer, "timer"), ("Chat", list(PRESS), self.press, "press"),
                ("Belief recording", list(BELIEFS), self.beliefs, "beliefs")):
            self.label((right, y_right, wide, self.px(22)), title, "#dim")
            self.dropdown((right, y_right + self.px(22), min(wide, column), row), options, value,
                          partial(setattr, self, name))
            y_right += self.px(22) + row + gap
        self.label((right, y_right, wide, self.px(22)), "Title (for the roster and the report)", "#dim")
        self.entry((right, y_right + self.px(22), min(wide, column), row), self.title, self._title_changed, length=40)
        y_text = max(y, y_right + self.px(22) + row + gap) + self.px(12)
        self.text_box((margin, y_text, width - 2 * margin, max(self.px(80), height - self.px(150) - y_text)),
                      "Each match is a world of four states; students join with the <b>class code</b> and a "
                      "pseudonym and are spread evenly over the matches; bots play the other seats and hold a seat "
                      "for a late student; a student who leaves is stood in for by a bot until they come back.<br>"
                      "You pace all matches (or the one you pick), send announcements and injects (a border incident, "
                      "a rumour) and see any match with full information. Afterwards, <b>spiral report --db "
                      + str(class_database()) + " --session CODE --out report</b> writes the debrief to project "
                      "(docs/TEACHING.md).")
        bar_y = height - self.px(40) - self.px(48)
        self.button((margin, bar_y, self.px(160), self.px(44)), "Back  [Esc]", self.back)
        last = self.app.settings.last_class
        if last:
            self.button((margin + self.px(180), bar_y, self.px(300), self.px(44)), f"Back to class {last[3]}",
                        self.reopen)
        self.button((width - margin - self.px(260), bar_y, self.px(260), self.px(44)), "Create the class  [Enter]",
                    self.create, primary=True)
        self._problem_at = (margin, bar_y - self.px(52))
        self._problem_width = width - 2 * margin

    def _build_class(self) -> None:
        width, height = self.size
        margin = self.px(24)
        bar_y = height - self.px(36) - self.px(44)
        button_w = self.px(96)
        x = margin
        self.dropdown((x, bar_y, self.px(170), self.px(40)), list(SCOPES), self.scope,
                      lambda text: setattr(self, "scope", text))
        x += self.px(180)
        for text, action, fields in (("Start", "start", {}), ("Pause", "pause", {}), ("Resume", "resume", {}),
                                     ("+60 s", "extend", {"seconds": 60}), ("Advance", "advance", {}),
                                     ("End", "end", {})):
            self.button((x, bar_y, button_w - self.px(6), self.px(40)), text,
                        partial(self.pace, action, **fields))
            x += button_w
        self.entry((x + self.px(8), bar_y, width - x - margin - self.px(140), self.px(40)), self.announcement,
                   self._announcement_changed, placeholder="an announcement for every student", length=500)
        self.button((width - margin - self.px(124), bar_y, self.px(124), self.px(40)), "Announce", self.announce)
        # Injects, under the full-information panel: a kind, the state it is about, Send.
        right = 2 * margin + int((width - 3 * margin) * 0.58)
        row_y, wide = bar_y - self.px(40) - self.px(44), width - margin - right
        # Assigning by hand, under the matches: a student's name, to the match picked.
        self.entry((margin, row_y, self.px(240), self.px(36)), self.assign_name, self._assign_name_changed,
                   placeholder="a student's pseudonym", length=40)
        self.button((margin + self.px(248), row_y, self.px(250), self.px(36)), "Assign to the match picked",
                    self.assign)
        self.dropdown((right, row_y, int(wide * 0.42), self.px(36)), list(INJECTS), self.inject,
                      lambda text: setattr(self, "inject", text))
        self.dropdown((right + int(wide * 0.42) + self.px(6), row_y, int(wide * 0.34), self.px(36)),
                      self._about_choices(), self.about, lambda text: setattr(self, "about", text))
        self.button((width - margin - int(wide * 0.22), row_y, int(wide * 0.22), self.px(36)), "Send inject",
                    self.send_inject)
        self.button((width - margin - self.px(124), self.px(16), self.px(124), self.px(36)), "Menu  [Esc]", self.back)

    def _about_choices(self) -> list[str]:
        status = self.teacher.status
        seats = status.matches[0].seats if status is not None and status.matches else []
        return [ANY_SEAT, *(f"about: {seat.player} ({seat.seat})" for seat in seats)]

    def _assign_name_changed(self, text: str) -> None:
        self.assign_name = text

    def assign(self) -> None:
        """Put the named student in the match picked (now, or when they join): docs/TEACHING.md."""
        name = self.assign_name.strip()
        if not name or self.picked is None:
            self.teacher.notices.append("type a student's pseudonym and pick a match (click it) first")
            return
        self.teacher.teach("assign", self.picked, student=name)
        self.assign_name = ""
        self.rebuild()

    def send_inject(self) -> None:
        if self.scope == SCOPES[1] and self.picked is None:
            self.teacher.notices.append("pick a match first (click it)")
            return
        about = None if self.about == ANY_SEAT else int(self.about.rsplit("(", 1)[1].rstrip(")"))
        fields: dict[str, object] = {"inject": INJECTS[self.inject]}
        if about is not None:
            fields["about"] = about
        self.teacher.teach("inject", self.target(), **fields)

    def _shape(self) -> tuple:
        status = self.teacher.status
        return (self.state, None if status is None else len(status.matches))

    # --- the form ----------------------------------------------------------------------------------

    def _choose_server(self, text: str) -> None:
        if text in SERVERS and text != self.server_choice:
            self.server_choice = text
            self.rebuild()

    def _address_changed(self, text: str) -> None:
        self.address, self.problem = text, None

    def _port_changed(self, text: str) -> None:
        self.port_text, self.problem = text, None

    def _title_changed(self, text: str) -> None:
        self.title = text

    def _announcement_changed(self, text: str) -> None:
        self.announcement = text

    def create(self) -> None:
        listen = SERVERS[self.server_choice]
        try:
            if listen is None:
                url = normalise_address(self.address)
            else:
                text = self.port_text.strip() or str(DEFAULT_PORT)
                if not text.isdigit() or int(text) > 65535:
                    raise ValueError(f"The port must be a number from 0 to 65535 (0 picks a free one), not {text!r}.")
                database = class_database()
                database.parent.mkdir(parents=True, exist_ok=True)
                url = self.app.host_server(listen, int(text), database).url
        except ValueError as problem:
            self.problem = str(problem)
            return
        except Exception as problem:  # the port is busy, the database cannot be opened...: said here
            self.problem = f"Could not start the server: {problem}"
            return
        self.url, self.listen = url, listen
        self.teacher = Teacher()
        self.teacher.start_create(WORLDS[self.worlds], matches=int(self.matches), seats=int(self.students),
                                  turn_seconds=TIMERS[self.timer], press=PRESS[self.press],
                                  beliefs=BELIEFS[self.beliefs], name=self.title.strip() or "Class",
                                  aims=AIMS[self.aims], teams=TEAMS[self.teams])
        self._open()

    def reopen(self) -> None:
        """Back to the class remembered in the settings (its server must be running)."""
        address, session, token, _ = self.app.settings.last_class
        self.url, self.listen = address, None
        self.teacher = Teacher()
        self.teacher.start_open(session, token)
        self._open()

    def _open(self) -> None:
        assert self.url is not None
        self.connection = Connection(self.url).start()
        self.connection.send_all(self.teacher.data_to_send())
        self.state = "class"
        self.rebuild()

    def submit(self) -> None:
        if self.state == "form":
            self.create()
        else:
            self.announce()

    def back(self) -> None:
        self.close()
        self.app.go("menu")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # --- the lesson ----------------------------------------------------------------------------

    def target(self) -> str | None:
        return self.picked if self.scope == SCOPES[1] else None

    def pace(self, action: str, **fields: object) -> None:
        if self.scope == SCOPES[1] and self.picked is None:
            self.teacher.notices.append("pick a match first (click it)")
            return
        self.teacher.teach(action, self.target(), **fields)

    def announce(self) -> None:
        text = self.announcement.strip()
        if text:
            self.teacher.teach("announce", self.target(), text=text)
            self.announcement = ""
            self.rebuild()

    def update(self, now: float) -> None:
        super().update(now)
        if self.state != "class":
            return
        teacher = self.teacher
        if self.connection is not None:
            while not self.connection.incoming.empty():
                frame = self.connection.incoming.get_nowait()
                if frame is None:  # dropped: open it again in a moment, and carry on
                    self.connection, self.retry_at = None, now + RETRY
                    break
                teacher.receive_frame(frame)
        elif self.retry_at is not None and now >= self.retry_at and self.url is not None:
            self.retry_at = None
            if teacher.resume():
                self.connection = Connection(self.url).start()
        if now >= self.next_poll:
            self.next_poll = now + POLL
            teacher.refresh()
            if self.picked is not None:
                teacher.watch(self.picked)
        if self.connection is not None:
            self.connection.send_all(teacher.data_to_send())
        if teacher.session is not None and teacher.token is not None and teacher.code is not None and self.url:
            remembered = (self.url, teacher.session, teacher.token, teacher.code)
            if self.app.settings.last_class != remembered:
                self.app.remember(last_class=remembered)
        if teacher.status is not None and self.picked is None and teacher.status.matches:
            self.picked = teacher.status.matches[0].match
            teacher.watch(self.picked)
        if self._shape() != self._built_for:
            self.rebuild()

    def handle(self, event: pygame.event.Event) -> None:
        if self.state == "class" and event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for rect, match in self.cards:
                if rect.collidepoint(event.pos):
                    self.picked = match
                    self.teacher.watched = None
                    self.teacher.watch(match)
                    return
        super().handle(event)

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if self.state == "class":
            self._draw_class(surface)
        super().draw(surface)
        if self.state == "form" and self.problem:
            x, y = self._problem_at
            for line in wrap(self.problem, self.px(20), self._problem_width)[:2]:
                surface.blit(render_text(line, self.px(20), WARN), (x, y))
                y += self.px(22)

    def _text(self, surface: pygame.Surface, text: str, pos: tuple[int, int], size: int = 18, colour=TEXT,
              bold: bool = False) -> int:
        image = render_text(text, self.px(size), colour, bold)
        surface.blit(image, pos)
        return image.get_width()

    def _join_line(self) -> str:
        code = self.teacher.code or "..."
        port = urlsplit(self.url or "").port
        if self.listen == "0.0.0.0":
            addresses = lan_addresses() or ["THIS-MACHINE"]
            return f"Students: spiral join ws://{addresses[0]}:{port} {code} --name PSEUDONYM  (or Join a match)"
        return f"Students: spiral join {self.url} {code} --name PSEUDONYM  (or Join a match in the menu)"

    def _draw_class(self, surface: pygame.Surface) -> None:
        width, height = self.size
        margin, px = self.px(24), self.px
        teacher, status = self.teacher, self.teacher.status
        y = px(14)
        if status is None:
            line = teacher.failure or ("Connecting..." if self.connection is not None else "Reconnecting...")
            self._text(surface, line, (margin, y), 22, WARN if teacher.failure else TEXT, bold=True)
            return
        self._text(surface, f"{status.name}: class code {status.code}", (margin, y), 26, ACCENT, bold=True)
        y += px(34)
        self._text(surface, self._join_line(), (margin, y), 17, TEXT)
        y += px(24)
        connection = "" if self.connection is not None else "   (connection lost: reconnecting...)"
        connected = sum(1 for student in status.roster if student.connected)
        self._text(surface, f"{len(status.roster)} students joined, {connected} connected.  Click a match to "
                            f"see it with full information.{connection}", (margin, y), 16, DIM)
        y += px(28)
        bar_y = height - px(36) - px(44)
        left_w = int((width - 3 * margin) * 0.58)
        self._draw_cards(surface, pygame.Rect(margin, y, left_w, bar_y - y - px(40) - px(52)), status.matches)
        self._draw_watched(surface, pygame.Rect(2 * margin + left_w, y, width - 3 * margin - left_w,
                                                bar_y - y - px(40) - px(52)))  # the inject row below it
        if teacher.notices:
            self._text(surface, teacher.notices[-1], (margin, bar_y - px(30)), 17, DIM)

    def _draw_cards(self, surface: pygame.Surface, area: pygame.Rect, matches: list[MatchStatus]) -> None:
        px = self.px
        self.cards = []
        if not matches:
            return
        columns = 1 if len(matches) <= 4 else 2
        rows = -(-len(matches) // columns)
        card_w = (area.w - (columns - 1) * px(10)) // columns
        card_h = min(px(120), (area.h - (rows - 1) * px(8)) // rows)
        now = time.time()  # deadlines are on the server's epoch clock
        for index, match in enumerate(matches):
            x = area.x + (index % columns) * (card_w + px(10))
            y = area.y + (index // columns) * (card_h + px(8))
            card = pygame.Rect(x, y, card_w, card_h)
            self.cards.append((card, match.match))
            pygame.draw.rect(surface, PANEL, card, border_radius=px(6))
            if match.match == self.picked:
                pygame.draw.rect(surface, ACCENT, card, max(2, px(2)), border_radius=px(6))
            title = (match.scenario or "?").replace("-", " ").capitalize()
            turn = "" if match.turn is None else f"turn {match.turn}" + (f" of {match.turns}" if match.turns else "")
            clock = ""
            if match.deadline is not None and match.phase == "running":
                clock = f"  {max(0, int(match.deadline - now))} s left"
            self._text(surface, f"{title}", (x + px(10), y + px(6)), 18, TEXT, bold=True)
            self._text(surface, f"{match.phase}  {turn}{clock}", (x + card_w // 2, y + px(8)), 16,
                       DANGER if match.phase == "paused" else DIM)
            slot_w = (card_w - px(20)) // max(1, len(match.seats))
            for n, seat in enumerate(match.seats):
                sx, sy = x + px(10) + n * slot_w, y + px(34)
                chip = pygame.Rect(sx, sy, slot_w - px(6), card_h - px(44))
                pygame.draw.rect(surface, (44, 48, 58), chip, border_radius=px(4))
                pygame.draw.rect(surface, STATUS_COLOURS.get(seat.status, DIM), (sx, sy, px(6), chip.h),
                                 border_radius=px(3))
                self._text(surface, seat.player, (sx + px(12), sy + px(4)), 15, player_colour(seat.seat), bold=True)
                who = seat.student or (f"bot {seat.bot}" if seat.bot else "-")
                self._text(surface, who[:18], (sx + px(12), sy + px(24)), 15, TEXT)
                self._text(surface, seat.status, (sx + px(12), sy + px(44)), 14, STATUS_COLOURS.get(seat.status, DIM))

    def _draw_watched(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        px = self.px
        pygame.draw.rect(surface, PANEL, area, border_radius=px(6))
        watched = self.teacher.watched
        x, y = area.x + px(12), area.y + px(10)
        if watched is None or watched.match != self.picked:
            self._text(surface, "Full information: click a match.", (x, y), 18, DIM)
            return
        self._text(surface, f"Full information, turn {watched.turn} ({watched.phase})", (x, y), 19, TEXT, bold=True)
        y += px(32)
        columns = (("state", 0), ("aim", 100), ("budget", 200), ("units", 285), ("cities", 345), ("dev.", 405))
        for title, offset in columns:
            self._text(surface, title, (x + px(offset), y), 15, DIM)
        y += px(24)
        for player in watched.players:
            colour = DANGER if player.aim == "revisionist" else TEXT
            self._text(surface, player.name + (" (out)" if player.eliminated else ""), (x, y), 16,
                       player_colour(player.seat), bold=True)
            self._text(surface, player.aim, (x + px(100), y), 16, colour)
            self._text(surface, player.budget, (x + px(200), y), 16)
            self._text(surface, f"{player.units} ({player.strength})", (x + px(285), y), 16)
            self._text(surface, str(player.cities), (x + px(345), y), 16)
            self._text(surface, str(player.development), (x + px(405), y), 16)
            y += px(26)
        y += px(10)
        note = ("Budgets are the true splits (military / development / intelligence); students see only their own, "
                "and their rivals' only as estimates. Aims in red are revisionists.")
        for line in wrap(note, px(15), area.w - px(24))[:4]:
            self._text(surface, line, (x, y), 15, DIM)
            y += px(20)
