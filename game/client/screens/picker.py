"""Play against bots: pick a scenario (its knobs told in plain words), your seat, a bot for each
other seat and a seed, then play on the embedded server."""

from __future__ import annotations

import html
from functools import partial

import pygame

from game.client.widgets.form import FormScene
from game.client.protocol.session import LocalMatch
from game.client.scenario_words import MAX_SEED, bot_words, default_bots, scenario_html, seat_label
from game.client.widgets.theme import DIM, LIST_ITEM_HEIGHT, WARN, render_text
from game.rules import Scenario

class ScenarioPicker(FormScene):
    scene_name = "picker"  # its name in the app's scene registry
    def __init__(self, app) -> None:
        super().__init__(app)
        self.scenarios: list[Scenario] = sorted(app.services.catalogue(), key=lambda s: (s.players, s.name))
        self.bot_names: tuple[str, ...] = tuple(app.services.bot_names)
        self.chosen = next((s for s in self.scenarios if s.name == "duel"), self.scenarios[0])
        self.seat = 0
        self.bots = default_bots(self.chosen.players, self.bot_names)
        self.seed_text = ""
        self.problem: str | None = None

    def _titles(self) -> dict[str, Scenario]:
        return {f"{s.title} ({s.players})": s for s in self.scenarios}

    def build(self) -> None:
        width, height = self.size
        margin, gap, row = self.px(32), self.px(16), self.px(34)
        self.label((margin, self.px(16), width - 2 * margin, self.px(56)), "Play against bots", "#title")
        top = self.px(84)
        bar_y = height - self.px(40) - self.px(48)  # the button bar, with a line for problems above it
        bottom = bar_y - self.px(34)
        left_w = self.px(300)
        right_x = margin + left_w + gap
        right_w = width - right_x - margin
        scenario = self.chosen
        # Left: the scenarios, your seat, the seed.
        titles = self._titles()
        chosen_title = next(t for t, s in titles.items() if s is scenario)
        list_h = min(max(row * 3, bottom - top - 2 * (row + self.px(34)) - self.px(10)),
                     self.px(26) + len(titles) * self.px(LIST_ITEM_HEIGHT) + self.px(8))
        self.label((margin, top, left_w, self.px(24)), "Scenario (players)", "#dim")
        self.listing((margin, top + self.px(26), left_w, list_h - self.px(26)), list(titles), chosen_title,
                     self._choose_scenario)
        y = top + list_h + self.px(10)
        self.label((margin, y, left_w, self.px(24)), "Your seat", "#dim")
        seats = [seat_label(scenario, i) for i in range(scenario.players)]
        self.dropdown((margin, y + self.px(24), left_w, row), seats, seats[self.seat], self._choose_seat)
        y += self.px(24) + row + self.px(10)
        self.label((margin, y, left_w, self.px(24)), "Seed (blank: a random one)", "#dim")
        self.entry((margin, y + self.px(24), left_w, row), self.seed_text, self._seed_changed,
                   length=19)
        # Right: the scenario's knobs and story; the bots in the other seats below.
        others = [i for i in range(scenario.players) if i != self.seat]
        bot_w = self.px(250)
        columns = max(1, min(len(others), (right_w + gap) // (bot_w + gap)))
        rows = -(-len(others) // columns)
        bots_h = self.px(26) + rows * (row + self.px(26))
        details_h = max(self.px(120), bottom - top - bots_h - gap)
        self.text_box((right_x, top, right_w, details_h), scenario_html(scenario) + self._bots_html())
        y = top + details_h + gap
        self.label((right_x, y, right_w, self.px(24)), "Bots in the other seats", "#dim")
        y += self.px(26)
        for n, seat in enumerate(others):
            x = right_x + (n % columns) * (bot_w + gap)
            top_of = y + (n // columns) * (row + self.px(26))
            self.label((x, top_of, bot_w, self.px(22)), seat_label(scenario, seat), "#dim")
            self.dropdown((x, top_of + self.px(22), bot_w, row), list(self.bot_names), self.bots[seat],
                          partial(self._choose_bot, seat))
        # The button bar.
        self.button((margin, bar_y, self.px(160), self.px(44)), "Back  [Esc]", self.back)
        self.button((width - margin - self.px(220), bar_y, self.px(220), self.px(44)), "Play  [Enter]", self.play,
                    primary=True)
        self._problem_at = (margin, bottom + self.px(8))

    def _bots_html(self) -> str:
        lines = "".join(f"<br>- <b>{html.escape(name)}</b>: {html.escape(words)}"
                        for name in self.bot_names if "-" not in name and (words := bot_words(name)))
        return (f"<br><br><font color='#969ba5'>The bots' characters (each also comes as -easy and -hard):"
                f"{lines}</font>")

    def _choose_scenario(self, title: str) -> None:
        scenario = self._titles().get(title)
        if scenario is None or scenario is self.chosen:
            return
        self.chosen, self.seat = scenario, 0
        self.bots = default_bots(scenario.players, self.bot_names)
        self.problem = None
        self.rebuild()

    def _choose_seat(self, text: str) -> None:
        seats = [seat_label(self.chosen, i) for i in range(self.chosen.players)]
        if text in seats and seats.index(text) != self.seat:
            seat = seats.index(text)
            self.bots[self.seat] = self.bots[seat]  # the bot of the seat you take moves to the one you leave
            self.seat = seat
            self.rebuild()

    def _choose_bot(self, seat: int, name: str) -> None:
        if name in self.bot_names:
            self.bots[seat] = name

    def _seed_changed(self, text: str) -> None:
        self.seed_text, self.problem = text, None

    def seed(self) -> int | None:
        """The seed typed, or None for a random one.

        Raises:
            ValueError: if it is not a whole number from 0 to 2**63-1.
        """
        text = self.seed_text.strip()
        if not text:
            return None
        if not text.isdigit() or int(text) > MAX_SEED:
            raise ValueError("The seed must be a whole number from 0 to 9223372036854775807, or blank.")
        return int(text)

    def local_match(self) -> LocalMatch:
        seats: list[str | None] = [bot for i, bot in enumerate(self.bots) if i != self.seat]
        seats.insert(self.seat, None)
        return LocalMatch(self.chosen.name, tuple(seats), self.seed(), self.app.settings.name)

    def play(self) -> None:
        try:
            local = self.local_match()
        except ValueError as problem:
            self.problem = str(problem)
            return
        try:
            self.app.play_local(local)
        except Exception as problem:  # the embedded server could not start: say so, stay here
            self.problem = f"Could not start the local server: {problem}"

    def submit(self) -> None:
        self.play()

    def back(self) -> None:
        self.app.main_menu()

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        if self.problem:
            image = render_text(self.problem, self.px(20), WARN)
            surface.blit(image, self._problem_at)
        elif self.chosen.players > 4:
            image = render_text("A big map: the bots take a few seconds a turn.", self.px(20), DIM)
            surface.blit(image, self._problem_at)
