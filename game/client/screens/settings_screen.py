"""Settings: UI scale, colour palette (with the player colours it gives), full screen, your name;
the key bindings for reference. Save applies them at once and keeps them for next time.

Opened from the main menu it is a scene; opened from the game's menu it is an overlay over the
game (``overlay=True``), and Esc goes back to that menu.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.client.map import palette as render
from game.client.widgets.form import FormScene
from game.client.keys import bindings_html
from game.client.settings import PALETTES, UI_SCALES
from game.client.widgets.theme import ACCENT, DIM, TEXT, draw_backdrop, render_text

SCALE_WORDS = {scale: f"{round(scale * 100)}%" for scale in UI_SCALES}
DISPLAY_WORDS = {False: "in a window", True: "full screen"}


class SettingsScreen(FormScene):
    scene_name = "settings"  # its name in the app's scene registry
    hint = "Tab / arrows: move   Left/Right: change   Enter: save   Esc: back"

    def __init__(self, app, *, overlay: bool = False) -> None:
        super().__init__(app)
        self.overlay = overlay
        settings = app.settings
        self.ui_scale = settings.ui_scale
        self.palette = settings.palette
        self.fullscreen = settings.fullscreen
        self.name = settings.name
        self.saved = False

    def build(self) -> None:
        width, height = self.size
        margin, gap, row = self.px(32), self.px(24), self.px(34)
        self.label((margin, self.px(16), width - 2 * margin, self.px(56)), "Settings", "#title")
        left_w = self.px(340)
        x, y = margin, self.px(88)

        def field(title: str) -> int:
            nonlocal y
            self.label((x, y, left_w, self.px(22)), title, "#dim")
            at = y + self.px(22)
            y = at + row + self.px(12)
            return at

        self.dropdown((x, field("Size of text and panels"), left_w, row), list(SCALE_WORDS.values()),
                      SCALE_WORDS[self.ui_scale], self._choose_scale)
        self.dropdown((x, field("Player colours"), left_w, row), list(PALETTES), self.palette, self._choose_palette)
        self._swatches_at = (x, y - self.px(4))
        y += self.px(34)
        self.dropdown((x, field("Display"), left_w, row), list(DISPLAY_WORDS.values()),
                      DISPLAY_WORDS[self.fullscreen], self._choose_display)
        self.entry((x, field("Your name in matches"), left_w, row), self.name, self._name_changed, length=24)
        right_x = margin + left_w + gap
        bar_y = height - self.px(40) - self.px(48)
        self.label((right_x, self.px(88), width - right_x - margin, self.px(22)), "Keys", "#dim")
        self.text_box((right_x, self.px(110), width - right_x - margin, bar_y - self.px(110) - self.px(16)),
                      bindings_html())
        self.button((margin, bar_y, self.px(160), self.px(44)), "Back  [Esc]", self.back)
        self.button((width - margin - self.px(200), bar_y, self.px(200), self.px(44)), "Save  [Enter]", self.save,
                    primary=True)
        self._status_at = (margin + self.px(180), bar_y + self.px(12))

    def _choose_scale(self, text: str) -> None:
        for scale, words in SCALE_WORDS.items():
            if words == text:
                self.ui_scale, self.saved = scale, False

    def _choose_palette(self, text: str) -> None:
        if text in PALETTES:
            self.palette, self.saved = text, False

    def _choose_display(self, text: str) -> None:
        for fullscreen, words in DISPLAY_WORDS.items():
            if words == text:
                self.fullscreen, self.saved = fullscreen, False

    def _name_changed(self, text: str) -> None:
        self.name, self.saved = text, False

    def save(self) -> None:
        chosen = replace(self.app.settings, ui_scale=self.ui_scale, palette=self.palette, fullscreen=self.fullscreen,
                         name=self.name)
        self.saved = True
        self.app.apply_settings(chosen)  # builds every scene again, this one too, at the new scale
        self.name = self.app.settings.name

    def submit(self) -> None:
        self.save()

    def back(self) -> None:
        if self.overlay:
            self.app.go_overlay("pause")
        else:
            self.app.main_menu()

    def draw(self, surface: pygame.Surface) -> None:
        if self.overlay:
            draw_backdrop(surface)
        super().draw(surface)
        x, y = self._swatches_at
        size = self.px(30)
        for i, colour in enumerate(render.PALETTES.get(self.palette, ())):
            rect = pygame.Rect(x + i * (size + self.px(6)), y, size, size)
            pygame.draw.rect(surface, colour, rect, border_radius=self.px(4))
            pygame.draw.rect(surface, DIM, rect, 1, border_radius=self.px(4))
        if self.saved:
            surface.blit(render_text("Saved.", self.px(22), ACCENT), self._status_at)
        elif (self.ui_scale, self.palette, self.fullscreen, self.name) != (
                self.app.settings.ui_scale, self.app.settings.palette, self.app.settings.fullscreen,
                self.app.settings.name):
            surface.blit(render_text("Not saved yet.", self.px(22), TEXT), self._status_at)
