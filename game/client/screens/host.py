"""Host a match for others: choose the scenario, who plays each seat (you, a person, a bot), the
turn timer, and whether to listen on this machine only or the local network; Start runs a
server in this process (its records in a durable database, so a crash loses nothing), creates
the match, takes your seat and opens the lobby with the join code.
"""

from __future__ import annotations

import errno
from functools import partial
from pathlib import Path

import pygame

from game.client.protocol.address import DEFAULT_PORT
from game.client.protocol.hosted import host_database
from game.client.widgets.form import FormScene
from game.client.scenario_words import scenario_html, seat_label
from game.client.widgets.theme import DIM, WARN, render_text, wrap
from game.rules import Scenario

PERSON = "a person"
TIMERS = {"no timer": 0, "1 minute": 60, "2 minutes": 120, "5 minutes": 300}
NETWORKS = {"local network (0.0.0.0)": "0.0.0.0", "this machine only (127.0.0.1)": "127.0.0.1"}
LISTINGS = {"anyone: in the server's public list": True, "only those I give the code to": False}


def shown_path(path: Path) -> str:
    """A path as a person would write it: under the home folder, with ``~``."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def is_port_busy(problem: BaseException) -> bool:
    seen: BaseException | None = problem
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.EADDRINUSE, errno.EACCES):
            return True
        if "address already in use" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HostScreen(FormScene):
    scene_name = "host"  # its name in the app's scene registry
    def __init__(self, app, remote: str | None = None) -> None:
        super().__init__(app)
        self.remote = remote  # set: create the match on the server at this address, not in this window
        self.is_public = True  # a remote match: listed in the server's public matches, or by code only
        self.scenarios: list[Scenario] = sorted(app.services.catalogue(), key=lambda s: (s.players, s.name))
        self.bot_names: tuple[str, ...] = tuple(app.services.bot_names)
        self.chosen = next((s for s in self.scenarios if s.name == "duel"), self.scenarios[0])
        self.seat = 0
        self.others = [PERSON] * self.chosen.players
        self.timer = "5 minutes"
        # The port and who may join, as the player chose them the last time they hosted.
        self.network = next((title for title, host in NETWORKS.items() if host == app.settings.host_network),
                            next(iter(NETWORKS)))
        self.port_text = str(app.settings.host_port)
        self.problem: str | None = None

    def build(self) -> None:
        width, height = self.size
        margin, gap, row = self.px(32), self.px(16), self.px(34)
        title = "Host a match" if self.remote is None else f"Create a match on {self.remote}"
        self.label((margin, self.px(16), width - 2 * margin, self.px(56)), title, "#title")
        top = self.px(84)
        bar_y = height - self.px(40) - self.px(48)
        bottom = bar_y - self.px(48)  # two lines for a problem
        left_w = self.px(330)
        right_x = margin + left_w + gap
        right_w = width - right_x - margin
        scenario = self.chosen
        y = top

        def field(title: str) -> int:
            nonlocal y
            self.label((margin, y, left_w, self.px(22)), title, "#dim")
            at = y + self.px(22)
            y = at + row + self.px(8)
            return at

        titles = [f"{s.title} ({s.players})" for s in self.scenarios]
        self.dropdown((margin, field("Scenario (players)"), left_w, row), titles,
                      titles[self.scenarios.index(scenario)], self._choose_scenario)
        seats = [seat_label(scenario, i) for i in range(scenario.players)]
        self.dropdown((margin, field("Your seat"), left_w, row), seats, seats[self.seat], self._choose_seat)
        self.dropdown((margin, field("Turn timer"), left_w, row), list(TIMERS), self.timer, self._choose_timer)
        if self.remote is None:
            self.dropdown((margin, field("Who may join"), left_w, row), list(NETWORKS), self.network,
                          self._choose_network)
            self.entry((margin, field("Port (0: any free port)"), left_w, row), self.port_text, self._port_changed,
                       placeholder=str(DEFAULT_PORT), length=5)
        else:
            self.dropdown((margin, field("Who sees it"), left_w, row), list(LISTINGS),
                          next(t for t, public in LISTINGS.items() if public == self.is_public), self._choose_listing)
        # Right: the other seats, then the scenario's knobs.
        others = [i for i in range(scenario.players) if i != self.seat]
        seat_w = self.px(250)
        columns = max(1, min(len(others), (right_w + gap) // (seat_w + gap)))
        rows = -(-len(others) // columns)
        self.label((right_x, top, right_w, self.px(22)), "Other seats (a seat left open gets a bot at the start)",
                   "#dim")
        y_seats = top + self.px(24)
        options = [PERSON] + list(self.bot_names)
        for n, seat in enumerate(others):
            x = right_x + (n % columns) * (seat_w + gap)
            at = y_seats + (n // columns) * (row + self.px(24))
            self.label((x, at, seat_w, self.px(22)), seat_label(scenario, seat), "#dim")
            self.dropdown((x, at + self.px(22), seat_w, row), options, self.others[seat],
                          partial(self._choose_other, seat))
        details_y = y_seats + rows * (row + self.px(24)) + gap
        note_h = self.px(58)  # three lines on where the matches are kept
        self.text_box((right_x, details_y, right_w, max(self.px(100), bottom - details_y - note_h)),
                      scenario_html(scenario))
        self._database_at = (right_x, bottom - note_h + self.px(4))
        self._database_width = right_w
        self.button((margin, bar_y, self.px(160), self.px(44)), "Back  [Esc]", self.back)
        self.button((width - margin - self.px(260), bar_y, self.px(260), self.px(44)),
                    "Start hosting  [Enter]" if self.remote is None else "Create the match  [Enter]",
                    self.start, primary=True)
        self._problem_at = (margin, bottom + self.px(4))
        self._problem_width = width - 2 * margin

    def _choose_scenario(self, title: str) -> None:
        titles = [f"{s.title} ({s.players})" for s in self.scenarios]
        if title in titles and self.scenarios[titles.index(title)] is not self.chosen:
            self.chosen = self.scenarios[titles.index(title)]
            self.seat, self.others = 0, [PERSON] * self.chosen.players
            self.rebuild()

    def _choose_seat(self, text: str) -> None:
        seats = [seat_label(self.chosen, i) for i in range(self.chosen.players)]
        if text in seats and seats.index(text) != self.seat:
            self.seat = seats.index(text)
            self.rebuild()

    def _choose_timer(self, text: str) -> None:
        if text in TIMERS:
            self.timer = text

    def _choose_network(self, text: str) -> None:
        if text in NETWORKS:
            self.network = text

    def _choose_other(self, seat: int, choice: str) -> None:
        if choice == PERSON or choice in self.bot_names:
            self.others[seat] = choice

    def _choose_listing(self, text: str) -> None:
        if text in LISTINGS:
            self.is_public = LISTINGS[text]

    def _port_changed(self, text: str) -> None:
        self.port_text, self.problem = text, None

    def port(self) -> int:
        """Raises: ValueError if the port typed is not a number from 0 to 65535."""
        text = self.port_text.strip() or str(DEFAULT_PORT)
        if not text.isdigit() or int(text) > 65535:
            raise ValueError(f"The port must be a number from 0 to 65535 (0 picks a free one), not {text!r}.")
        return int(text)

    def seats(self) -> tuple[str | None, ...]:
        """What the server is told: a bot name per bot seat, None for you and for people."""
        return tuple(None if i == self.seat or choice == PERSON else choice for i, choice in enumerate(self.others))

    def start(self) -> None:
        if self.remote is not None:
            session = self.app.connect(self.remote, self.app.settings.name)
            session.start_hosting(self.chosen.name, self.seats(), self.seat, turn_seconds=TIMERS[self.timer],
                                  public=self.is_public)
            self.app.go("lobby", hosting=True, listen=None)
            return
        try:
            port = self.port()
        except ValueError as problem:
            self.problem = str(problem)
            return
        host = NETWORKS[self.network]
        database = host_database()
        try:
            database.parent.mkdir(parents=True, exist_ok=True)
            server = self.app.host_server(host, port, database)
        except Exception as problem:  # the port is busy, the database cannot be opened...: say so here
            if is_port_busy(problem):
                self.problem = (f"Port {port} is busy: another program (perhaps another Spiral server) is using it. "
                                f"Choose another port, or 0 for any free one.")
            else:
                self.problem = f"Could not start the server: {problem}"
            return
        self.app.remember(host_port=port, host_network=host)
        name = self.app.settings.name
        session = self.app.connect(server.url, name)
        session.start_hosting(self.chosen.name, self.seats(), self.seat, turn_seconds=TIMERS[self.timer])
        self.app.go("lobby", hosting=True, listen=host)

    def submit(self) -> None:
        self.start()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        x, y = self._database_at
        note = (f"Matches are kept in {shown_path(host_database())}, so a crash loses nothing: host "
                f"again on the same port and the other players reconnect by themselves.")
        if self.remote is not None:
            note = ("The match lives on that server: its host's controls and your seat are kept in Spiral's data "
                    "folder, so if this window closes, the main menu offers to return to it.")
        for line in wrap(note, self.px(18), self._database_width)[:3]:
            surface.blit(render_text(line, self.px(18), DIM), (x, y))
            y += self.px(18)
        if self.problem:
            lines = wrap(self.problem, self.px(20), self._problem_width)
            x, y = self._problem_at
            for line in lines[:2]:
                surface.blit(render_text(line, self.px(20), WARN), (x, y))
                y += self.px(20)
