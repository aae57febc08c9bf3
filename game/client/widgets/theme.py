"""The look shared by every screen: colours, fonts and the ``pygame_gui`` theme, scaled by the UI scale.

Widgets (buttons, text entries, lists, scrolling text) come from ``pygame_gui``; the map and the
few custom panels are drawn with pygame directly, in the same colours.
"""

from __future__ import annotations

from typing import Any

import pygame
import pygame_gui

BACKGROUND = (24, 28, 34)
PANEL = (36, 40, 48)
TEXT = (230, 230, 230)
DIM = (150, 155, 165)
ACCENT = (86, 180, 233)
WARN = (240, 228, 66)
DANGER = (213, 94, 0)
BUTTON = (0, 114, 178)
LIST_ITEM_HEIGHT = 26  # a row of a selection list, before the UI scale


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def theme(scale: float) -> dict[str, Any]:
    """A pygame_gui theme (as a dict) with fonts sized for ``scale``."""
    def font(size: int, bold: bool = False) -> dict[str, str]:
        return {"name": "noto_sans", "size": str(round(size * scale)), "bold": "1" if bold else "0"}

    return {
        "defaults": {
            "colours": {
                "normal_bg": _hex(PANEL), "hovered_bg": "#3c5a78", "disabled_bg": "#2a2e36",
                "selected_bg": _hex(BUTTON), "active_bg": _hex(BUTTON), "dark_bg": _hex(BACKGROUND),
                "normal_text": _hex(TEXT), "hovered_text": "#ffffff", "selected_text": "#ffffff",
                "disabled_text": "#6c7078", "text_cursor": _hex(TEXT), "normal_border": "#5a606c",
                "hovered_border": _hex(ACCENT), "selected_border": _hex(ACCENT), "active_border": _hex(ACCENT),
                "filled_bar": _hex(ACCENT), "unfilled_bar": "#2a2e36",
            },
            "font": font(15),
            "misc": {"shape": "rounded_rectangle", "shape_corner_radius": "4", "border_width": "1"},
        },
        "label": {"font": font(15), "misc": {"text_horiz_alignment": "left"}},
        # The defaults' font is not inherited by widgets, so each kind that shows text gets it (scaled).
        **{kind: {"font": font(15)} for kind in ("button", "text_entry_line", "drop_down_menu", "tool_tip")},
        "selection_list": {"font": font(15), "misc": {"list_item_height": str(round(LIST_ITEM_HEIGHT * scale))}},
        "#title": {"font": font(34, bold=True), "colours": {"normal_text": _hex(TEXT)}},
        "#subtitle": {"font": font(18), "colours": {"normal_text": _hex(DIM)}},
        "#error": {"font": font(16), "colours": {"normal_text": _hex(WARN)}},
        "#dim": {"font": font(13), "colours": {"normal_text": _hex(DIM)}},
        "#primary": {"colours": {"normal_bg": _hex(BUTTON), "hovered_bg": "#1a8ad0"}, "font": font(17, bold=True)},
        "text_box": {"font": font(14), "colours": {"dark_bg": _hex(PANEL)}},
        "#drop_up": {"misc": {"expand_direction": "up"}},  # menus near the bottom of the window open upwards
    }


def make_manager(size: tuple[int, int], scale: float) -> pygame_gui.UIManager:
    manager = pygame_gui.UIManager(size, theme(scale), enable_live_theme_updates=False)
    # Text boxes write <b> and <i> in the theme's text_box font: load those faces now, or pygame_gui
    # loads them on first use with a warning on the player's terminal.
    manager.preload_fonts([{"name": "noto_sans", "point_size": round(14 * scale), "style": style}
                           for style in ("bold", "italic")])
    return manager


_fonts: dict[tuple[int, bool], pygame.font.Font] = {}


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """pygame's default font at a pixel size (cached): for the hand-drawn parts of the screens."""
    key = (size, bold)
    cached = _fonts.get(key)
    if cached is not None:
        try:
            cached.get_height()
            return cached
        except pygame.error:  # pygame was quit and started again since it was made (tests do): start afresh
            _fonts.clear()
            _texts.clear()
    made = pygame.font.Font(None, size)
    made.set_bold(bold)
    _fonts[key] = made
    return made


_texts: dict[tuple, pygame.Surface] = {}  # rendered lines: a panel draws the same ones every frame
TEXT_CACHE_SIZE = 1024


def render_text(line: str, size: int = 22, colour=TEXT, bold: bool = False, background=None) -> pygame.Surface:
    """A line as an image (cached and shared: blit it, never change it)."""
    key = (line, size, tuple(colour), bold, None if background is None else tuple(background))
    image = _texts.get(key)
    if image is not None:
        return image
    try:
        image = font(size, bold).render(line, True, colour, background)
    except pygame.error:  # pygame was quit and started again since the font was made (tests do)
        _fonts.clear()
        image = font(size, bold).render(line, True, colour, background)
    if len(_texts) >= TEXT_CACHE_SIZE:
        _texts.clear()
    _texts[key] = image
    return image


def text(surface: pygame.Surface, line: str, pos: tuple[int, int], size: int = 22, colour=TEXT,
         bold: bool = False) -> pygame.Rect:
    return surface.blit(render_text(line, size, colour, bold), pos)


def live_font(size: int) -> pygame.font.Font:
    """The hand-drawn font of ``size``, made again if pygame was restarted since (tests do)."""
    render_text(" ", size)  # drops the font cache if its fonts died with an old pygame
    return font(size)


def wrap(line: str, size: int, width: int) -> list[str]:
    """``line`` cut into pieces no wider than ``width`` pixels in the hand-drawn font of ``size``."""
    measure = live_font(size)
    lines: list[str] = []
    current = ""
    for word in line.split():
        trial = f"{current} {word}" if current else word
        if measure.size(trial)[0] <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def draw_backdrop(surface: pygame.Surface) -> None:
    """Dim what is under an overlay."""
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((*BACKGROUND, 215))
    surface.blit(shade, (0, 0))
