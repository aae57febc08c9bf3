"""The map's colours: players (per palette, chosen in the settings), terrain, rivers, roads, fog,
and the offense-defense overlay's scale and legend.

Colours are the Okabe–Ito palette by default (distinguishable with the common colour-vision
deficiencies), and every terrain class also has its own pattern (``sprites``), so no information
is carried by colour alone. The balance overlay uses a sequential viridis scale (also colour-blind
safe and ordered in lightness) with the number written on each hex at readable zooms.
"""

from __future__ import annotations

import math

import pygame

BACKGROUND = (30, 34, 40)
FOG = (10, 12, 20, 130)
HEX_EDGE = (60, 60, 60)
SPRITE_KEY = (255, 0, 254)  # the transparent colour of opaque hex stamps (no terrain uses it)
# Player colours per palette (the settings screen picks one). Okabe–Ito is the default; Paul Tol's
# "bright" set is a second colour-blind-safe choice; "high contrast" trades subtlety for strong
# lightness differences, for low vision or a washed-out projector in a classroom.
PALETTES = {
    "okabe-ito": ((0, 114, 178), (230, 159, 0), (0, 158, 115), (213, 94, 0), (204, 121, 167), (86, 180, 233),
                  (240, 228, 66), (90, 90, 90)),
    "tol-bright": ((68, 119, 170), (238, 102, 119), (34, 136, 51), (204, 187, 68), (102, 204, 238), (170, 51, 119),
                   (187, 187, 187), (60, 60, 60)),
    "high-contrast": ((0, 68, 136), (221, 170, 51), (187, 85, 102), (0, 0, 0), (0, 153, 136), (238, 119, 51),
                      (255, 255, 255), (119, 119, 119)),
}
PLAYER_COLOURS = PALETTES["okabe-ito"]
NEUTRAL = (235, 235, 235)
TERRAIN_COLOURS = {
    "plains": (222, 212, 160), "forest": (106, 148, 84), "hills": (184, 150, 104), "mountains": (150, 146, 142),
    "marsh": (130, 168, 156), "water": (82, 128, 184),
}
UNKNOWN_TERRAIN = (200, 0, 200)
RIVER = (40, 90, 200)
ROAD = (110, 80, 50)



def set_palette(name: str) -> None:
    """Use another player palette from now on (cached map layers must be drawn again)."""
    global PLAYER_COLOURS
    PLAYER_COLOURS = PALETTES.get(name, PALETTES["okabe-ito"])


def player_colours() -> tuple[tuple[int, int, int], ...]:
    """The palette in use (map tiles are keyed by it, so a new palette draws them again)."""
    return PLAYER_COLOURS


def player_colour(player: int | None) -> tuple[int, int, int]:
    return NEUTRAL if player is None else PLAYER_COLOURS[player % len(PLAYER_COLOURS)]


# The offense-defense overlay: a sequential viridis scale (lightness rises monotonically, so it reads
# in grey and with every common colour-vision deficiency), light for hexes that are cheap to take
# and dark for dear ones, on a log scale from BALANCE_LOW to BALANCE_HIGH.
VIRIDIS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
BALANCE_LOW, BALANCE_HIGH = 0.5, 8.0
BALANCE_TICKS = (0.5, 1.0, 2.0, 4.0, 8.0)
BALANCE_ALPHA = 150
BALANCE_READABLE = 24  # hex radius from which the ratio is written on each hex (smaller: clutter)



def balance_colour(ratio: float) -> tuple[int, int, int]:
    """The overlay's colour for a ratio: light (cheap to take) to dark (dear)."""
    span = math.log(BALANCE_HIGH / BALANCE_LOW)
    t = 1 - min(1.0, max(0.0, math.log(ratio / BALANCE_LOW) / span))
    position = t * (len(VIRIDIS) - 1)
    i = min(len(VIRIDIS) - 2, int(position))
    f = position - i
    a, b = VIRIDIS[i], VIRIDIS[i + 1]
    return (round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f), round(a[2] + (b[2] - a[2]) * f))


def ink_on(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]
    return (0, 0, 0) if luminance > 140 else (255, 255, 255)


def format_ratio(ratio: float) -> str:
    return f"{ratio:.1f}" if ratio < 9.95 else f"{ratio:.0f}"


def balance_legend(font: pygame.font.Font, river_attack: float | None = None) -> pygame.Surface:
    """The overlay's key: the colour scale with its ratios, and what the numbers mean (and, given
    the rules' river factor, how much more an attack across a river needs)."""
    lines = ["Force needed to take a hex",
             "attack : entrenched defence, for even odds"]
    if river_attack:
        lines.append(f"across a river: x{1 / river_attack:.2f} more")
    texts = [font.render(line, True, (235, 235, 235)) for line in lines]
    ticks = [font.render(format_ratio(t), True, (235, 235, 235)) for t in BALANCE_TICKS]
    width = max(220, *(t.get_width() for t in texts)) + 20
    bar = pygame.Rect(10, 10 + sum(t.get_height() + 2 for t in texts) + 2, width - 20, 14)
    height = bar.bottom + 4 + ticks[0].get_height() + 8
    legend = pygame.Surface((width, height))
    legend.fill((24, 28, 34))
    pygame.draw.rect(legend, (150, 155, 165), legend.get_rect(), 1)
    y = 10
    for text in texts:
        legend.blit(text, (10, y))
        y += text.get_height() + 2
    span = math.log(BALANCE_HIGH / BALANCE_LOW)
    for x in range(bar.w):
        ratio = BALANCE_LOW * math.exp(span * x / max(1, bar.w - 1))
        pygame.draw.line(legend, balance_colour(ratio), (bar.x + x, bar.y), (bar.x + x, bar.bottom - 1))
    pygame.draw.rect(legend, (0, 0, 0), bar, 1)
    for tick, text in zip(BALANCE_TICKS, ticks):
        x = bar.x + round(math.log(tick / BALANCE_LOW) / span * (bar.w - 1))
        pygame.draw.line(legend, (235, 235, 235), (x, bar.bottom), (x, bar.bottom + 3))
        rect = text.get_rect(midtop=(x, bar.bottom + 4))
        rect.clamp_ip(legend.get_rect().inflate(-4, -4))
        legend.blit(text, rect)
    return legend

