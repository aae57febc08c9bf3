"""Drawing the hex map: terrain in colour *and* pattern, rivers, roads, cities, units, signatures, fog.

The static map (terrain, rivers, roads, cities and their owners) and the fog layer are drawn
once per zoom level into cached surfaces, and drawn again only when what they show changes
(a city changes hands, the visible set changes, the zoom changes). Units and markers are few
and drawn each frame on top.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), and every terrain class also has its own pattern, so no information is carried
by colour alone.
"""

from __future__ import annotations

import math
from typing import Iterable

import pygame

from game.rules import PlayerView, Scenario
from game.rules.hexgrid import Hex
from game.rules.state import Sighting, Unit

SQRT3 = math.sqrt(3.0)
ZOOM_LEVELS = (10, 14, 18, 24, 32, 42, 56)  # hex radius in pixels

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


def player_colour(player: int | None) -> tuple[int, int, int]:
    return NEUTRAL if player is None else PLAYER_COLOURS[player % len(PLAYER_COLOURS)]


class Layout:
    """Pointy-top hexes of radius ``size``; pixel positions on the whole-map surface."""

    def __init__(self, hexes: Iterable[Hex], size: int) -> None:
        self.size = size
        xs, ys = zip(*(self._raw(h) for h in hexes))
        self.left = min(xs) - SQRT3 * size / 2 - 2
        self.top = min(ys) - size - 2
        self.width = int(max(xs) - self.left + SQRT3 * size / 2 + 3)
        self.height = int(max(ys) - self.top + size + 3)

    def _raw(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.size * SQRT3 * (q + r / 2), self.size * 1.5 * r

    def centre(self, h: Hex) -> tuple[float, float]:
        x, y = self._raw(h)
        return x - self.left, y - self.top

    def corners(self, h: Hex, shrink: float = 0.0) -> list[tuple[float, float]]:
        cx, cy = self.centre(h)
        radius = self.size - shrink
        return [(cx + radius * math.cos(math.radians(60 * i - 30)), cy + radius * math.sin(math.radians(60 * i - 30)))
                for i in range(6)]

    def hex_at(self, x: float, y: float) -> Hex:
        """The hex under a point of the map surface (cube rounding)."""
        px, py = x + self.left, y + self.top
        q = (SQRT3 / 3 * px - py / 3) / self.size
        r = (2 / 3 * py) / self.size
        s = -q - r
        rq, rr, rs = round(q), round(r), round(s)
        dq, dr, ds = abs(rq - q), abs(rr - r), abs(rs - s)
        if dq > dr and dq > ds:
            rq = -rr - rs
        elif dr > ds:
            rr = -rq - rs
        return (int(rq), int(rr))


def _pattern(surface: pygame.Surface, terrain: str, centre: tuple[float, float], size: int, colour) -> None:
    """A terrain's pattern, drawn darker than its colour so it reads without colour."""
    cx, cy = centre
    ink = tuple(max(0, c - 70) for c in colour)
    s = size
    width = max(1, s // 12)
    if terrain == "forest":  # small trees (triangles)
        for dx, dy in ((-0.35, 0.15), (0.3, 0.2), (0.0, -0.3)):
            x, y = cx + dx * s, cy + dy * s
            pygame.draw.polygon(surface, ink, [(x, y - 0.22 * s), (x - 0.16 * s, y + 0.12 * s), (x + 0.16 * s, y + 0.12 * s)])
    elif terrain == "hills":  # arcs
        for dx, dy in ((-0.3, 0.1), (0.25, -0.15)):
            rect = pygame.Rect(0, 0, 0.5 * s, 0.36 * s)
            rect.center = (int(cx + dx * s), int(cy + dy * s))
            pygame.draw.arc(surface, ink, rect, 0.2, math.pi - 0.2, max(1, s // 10))
    elif terrain == "mountains":  # peaks
        pygame.draw.polygon(surface, ink, [(cx - 0.5 * s, cy + 0.3 * s), (cx - 0.1 * s, cy - 0.45 * s), (cx + 0.3 * s, cy + 0.3 * s)], width + 1)
        pygame.draw.polygon(surface, ink, [(cx, cy + 0.3 * s), (cx + 0.3 * s, cy - 0.2 * s), (cx + 0.55 * s, cy + 0.3 * s)], width + 1)
    elif terrain == "marsh":  # short dashes and tufts
        for dy in (-0.25, 0.05, 0.35):
            pygame.draw.line(surface, ink, (cx - 0.35 * s, cy + dy * s), (cx + 0.35 * s, cy + dy * s), width)
        pygame.draw.line(surface, ink, (cx, cy - 0.1 * s), (cx, cy - 0.4 * s), width)
    elif terrain == "water":  # waves
        light = tuple(min(255, c + 60) for c in colour)
        for dy in (-0.2, 0.2):
            points = [(cx + (i / 6 - 0.5) * 0.9 * s, cy + dy * s + math.sin(i * math.pi / 1.5) * 0.07 * s) for i in range(7)]
            pygame.draw.lines(surface, light, False, points, width)
    else:  # plains: a sparse dot grid
        for dx, dy in ((-0.3, -0.2), (0.3, -0.2), (0.0, 0.3)):
            pygame.draw.circle(surface, ink, (cx + dx * s, cy + dy * s), max(1, s // 14))


class MapRenderer:
    """Cached map and fog surfaces for one scenario; ``draw`` blits them and the per-frame markers."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.tiles = scenario.map.tiles
        self.cities = {c.at: c for c in scenario.map.cities}
        self._base: dict[int, tuple[tuple, pygame.Surface]] = {}  # zoom -> (key, surface)
        self._fog: dict[int, tuple[object, pygame.Surface]] = {}
        self._layouts: dict[int, Layout] = {}
        self.renders = 0  # how many times a cached layer was drawn again (tests check the cache)
        self._fonts: dict[int, pygame.font.Font] = {}

    def layout(self, size: int) -> Layout:
        if size not in self._layouts:
            self._layouts[size] = Layout(self.tiles, size)
        return self._layouts[size]

    def font(self, size: int) -> pygame.font.Font:
        size = max(8, size)
        if size not in self._fonts:
            self._fonts[size] = pygame.font.Font(None, size)
        return self._fonts[size]

    def base(self, size: int, city_owner: dict[Hex, int | None]) -> pygame.Surface:
        key = tuple(sorted(city_owner.items(), key=lambda item: item[0]))
        cached = self._base.get(size)
        if cached is not None and cached[0] == key:
            return cached[1]
        self.renders += 1
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height))
        surface.fill((30, 34, 40))
        for h, terrain in self.tiles.items():
            colour = TERRAIN_COLOURS.get(terrain, UNKNOWN_TERRAIN)
            corners = layout.corners(h)
            pygame.draw.polygon(surface, colour, corners)
            _pattern(surface, terrain, layout.centre(h), size, colour)
            pygame.draw.polygon(surface, (60, 60, 60), corners, 1)
        for a, b in self.scenario.map.roads:
            pygame.draw.line(surface, ROAD, layout.centre(a), layout.centre(b), max(2, size // 6))
        for a, b in self.scenario.map.rivers:
            ca, cb = layout.corners(a), layout.corners(b)
            shared = sorted(ca, key=lambda p: min(math.dist(p, q) for q in cb))[:2]
            pygame.draw.line(surface, RIVER, shared[0], shared[1], max(3, size // 5))
        label = self.font(max(12, size // 2 + 6))
        for h, city in self.cities.items():
            owner = city_owner.get(h)
            cx, cy = layout.centre(h)
            half = size * (0.5 if city.is_capital else 0.4)
            rect = pygame.Rect(0, 0, 2 * half, 2 * half)
            rect.center = (int(cx), int(cy))
            pygame.draw.rect(surface, player_colour(owner), rect)
            pygame.draw.rect(surface, (0, 0, 0), rect, max(2, size // 10))
            if city.is_capital:
                pygame.draw.circle(surface, (0, 0, 0), rect.center, max(2, size // 6))
            if size >= 18:
                text = label.render(city.name, True, (20, 20, 20), (245, 245, 235))
                surface.blit(text, text.get_rect(midtop=(cx, cy + half + 1)))
        self._base[size] = (key, surface)
        return surface

    def fog(self, size: int, visible: frozenset[Hex]) -> pygame.Surface:
        cached = self._fog.get(size)
        if cached is not None and (cached[0] is visible or cached[0] == visible):
            return cached[1]
        self.renders += 1
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height), pygame.SRCALPHA)
        for h in self.tiles:
            if h not in visible:
                pygame.draw.polygon(surface, (10, 12, 20, 130), layout.corners(h))
        self._fog[size] = (visible, surface)
        return surface


def draw_unit(surface: pygame.Surface, font: pygame.font.Font, unit: Unit, centre: tuple[float, float], size: int,
              *, selected: bool = False, ordered: bool = False) -> None:
    """A NATO-style counter in the owner's colour: the type's symbol and the strength."""
    w, h = int(size * 1.2), int(size * 0.85)
    rect = pygame.Rect(0, 0, w, h)
    rect.center = (int(centre[0]), int(centre[1]))
    pygame.draw.rect(surface, player_colour(unit.owner), rect, border_radius=max(2, size // 8))
    pygame.draw.rect(surface, (255, 255, 255) if selected else (0, 0, 0), rect, 3 if selected else 1,
                     border_radius=max(2, size // 8))
    _symbol(surface, unit.kind, rect, (255, 255, 255))
    text = font.render(str(unit.strength), True, (0, 0, 0), (255, 255, 255))
    surface.blit(text, text.get_rect(topleft=(rect.right - 2, rect.bottom - text.get_height() // 2)))
    if unit.entrenched:
        pygame.draw.line(surface, (0, 0, 0), (rect.left, rect.bottom + 2), (rect.right, rect.bottom + 2), 3)
    if ordered:
        pygame.draw.circle(surface, (255, 255, 255), rect.topleft, max(3, size // 7))
        pygame.draw.circle(surface, (0, 0, 0), rect.topleft, max(3, size // 7), 1)


def _symbol(surface: pygame.Surface, kind: str, rect: pygame.Rect, ink) -> None:
    inner = rect.inflate(-rect.w // 3, -rect.h // 3)
    width = max(1, rect.h // 10)
    if kind == "infantry":
        pygame.draw.line(surface, ink, inner.topleft, inner.bottomright, width)
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, width)
    elif kind == "armor":
        pygame.draw.ellipse(surface, ink, inner, width)
    elif kind == "artillery":
        pygame.draw.circle(surface, ink, inner.center, max(2, inner.h // 3))
    elif kind == "recon":
        pygame.draw.line(surface, ink, inner.bottomleft, inner.topright, width)
    elif kind == "fortification":
        pygame.draw.polygon(surface, ink, [inner.bottomleft, inner.midtop, inner.bottomright], width)
    else:
        pygame.draw.rect(surface, ink, inner, width)


def draw_sighting(surface: pygame.Surface, font: pygame.font.Font, sighting: Sighting, centre: tuple[float, float],
                  size: int, age: int) -> None:
    """A rival signature: a diamond in the owner's colour with the apparent type, strength range and
    reliability (the filled share of the bar); ghosts fade with age and show it."""
    alpha = 255 if age == 0 else max(60, 200 - 45 * age)
    box = int(size * 1.8)
    layer = pygame.Surface((box, box), pygame.SRCALPHA)
    mid = box // 2
    r = int(size * 0.6)
    diamond = [(mid, mid - r), (mid + r, mid), (mid, mid + r), (mid - r, mid)]
    colour = player_colour(sighting.owner)
    pygame.draw.polygon(layer, (*colour, alpha), diamond)
    pygame.draw.polygon(layer, (0, 0, 0, alpha), diamond, 2 if age == 0 else 1)
    letter = font.render(sighting.looks[:1].upper() + ("?" if sighting.reliability < 0.75 else ""), True, (0, 0, 0))
    letter.set_alpha(alpha)
    layer.blit(letter, letter.get_rect(center=(mid, mid)))
    bar = pygame.Rect(mid - r, mid + r + 1, 2 * r, max(3, size // 8))
    pygame.draw.rect(layer, (255, 255, 255, alpha), bar)
    pygame.draw.rect(layer, (0, 0, 0, alpha), (bar.x, bar.y, int(bar.w * sighting.reliability), bar.h))
    surface.blit(layer, layer.get_rect(center=(int(centre[0]), int(centre[1]))))
    label = f"{sighting.strength_low}-{sighting.strength_high}" + (f" t-{age}" if age else "")
    text = font.render(label, True, (0, 0, 0), (255, 255, 255))
    text.set_alpha(alpha)
    surface.blit(text, text.get_rect(midbottom=(centre[0], centre[1] - r)))


def view_markers(view: PlayerView) -> list[tuple[Sighting, int]]:
    """Sightings of this turn (age 0) and ghosts with their age, oldest first so fresh ones draw on top."""
    ghosts = sorted(((g, view.turn - g.seen_turn) for g in view.ghosts), key=lambda item: -item[1])
    return ghosts + [(s, 0) for s in view.sightings]
