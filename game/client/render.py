"""Drawing the hex map: terrain in colour *and* pattern, rivers, roads, cities, units, signatures, fog,
and the offense-defense overlay.

The map is drawn in square tiles of ``TILE`` pixels, per zoom level, only where the camera looks:
a *base* tile holds the static map (terrain, rivers, roads, cities and their owners) and a
*composed* tile adds, to a copy of it, the balance overlay when it is shown, the fog, and the
view's signatures and units (they change once a turn, like the fog). A frame blits the few opaque
composed tiles under the map area. Tiles are drawn again only when what they show changes (a city
changes hands, the palette, the visible set, the view, the overlay) and are kept, least recently
used first out, within ``TILE_CACHE_BYTES``: the largest zoom of the 2,400-hex map would be an
80 MB surface, and a zoom step draws a screenful of tiles, never the whole map. A frame with no
tile to draw draws one the camera may need next (``PREFETCH_TILES``).

Terrain and fog are stamped from one hex sprite per terrain and zoom; units and signatures are
sprites too, cached under everything they show (their own look is painted by ``_paint_unit`` and
``_paint_sighting``). The map view draws the selected and ordered units again on top, marked.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies), and every terrain class also has its own pattern, so no information is carried
by colour alone. The balance overlay uses a sequential viridis scale (also colour-blind safe and
ordered in lightness) with the number written on each hex at readable zooms.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Callable, Hashable, Iterable, Iterator, Mapping

import pygame

from game.rules import PlayerView, Scenario
from game.rules.combat import attack_power, defence_power
from game.rules.hexgrid import Hex, neighbours
from game.rules.state import Sighting, Unit

SQRT3 = math.sqrt(3.0)
ZOOM_LEVELS = (10, 14, 18, 24, 32, 42, 56)  # hex radius in pixels
TILE = 128  # side of a cached map tile, in pixels
PREFETCH_TILES = 1  # tiles drawn ahead in a frame that had none to draw (more: a higher p95)
TILE_CACHE_BYTES = 40 * 2**20  # per kind of tile (base, composed): about three zoom levels' screens and margins
SPRITE_CACHE_SIZE = 2048  # unit counters, signature markers and labels kept (cleared when full)
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


def balance_ratio(scenario: Scenario, h: Hex) -> float | None:
    """The attacker:defender force ratio needed to take ``h`` at even odds from an entrenched defender.

    From the rules' own power functions (docs/RULES.md section 6.2, "Assaults"): a full-strength
    defender, entrenched, on ``h`` has ``defence value x terrain x city x entrenched``; an attacker
    has ``attack value x river``, every number from the scenario's technology era (section 6.1).
    The ratio is the first multiplier
    over the second: how many points of attack value (times strength) the attackers need per point
    of the defender's defence value for their power to equal its power. The attacker takes the
    easiest approach, so the river factor counts only if every land approach crosses an unbridged
    river (the legend says how much a crossing adds). A capital defends like any other city
    (section 2.5). None for hexes no unit can stand on (water).
    """
    board = scenario.board
    terrain = board.terrain.get(h)
    if terrain is None or not terrain.is_passable:
        return None
    units = scenario.ruleset.units
    kind = next((k for k, u in units.items() if u.attack > 0 and u.defence > 0), None)
    if kind is None:
        return None
    full = scenario.ruleset.combat.strength_max
    defender = Unit("probe-defender", 0, kind, h, full, True)
    defence = defence_power(scenario, defender, h) / units[kind].defence
    approaches = [n for n in neighbours(h) if board.is_passable(n)]
    if not approaches:
        return None
    attacker = Unit("probe-attacker", 1, kind, approaches[0], full, False)
    attack = max(attack_power(scenario, attacker, n, h) for n in approaches) / units[kind].attack
    return defence / attack if attack > 0 else None


def balance_colour(ratio: float) -> tuple[int, int, int]:
    """The overlay's colour for a ratio: light (cheap to take) to dark (dear)."""
    span = math.log(BALANCE_HIGH / BALANCE_LOW)
    t = 1 - min(1.0, max(0.0, math.log(ratio / BALANCE_LOW) / span))
    position = t * (len(VIRIDIS) - 1)
    i = min(len(VIRIDIS) - 2, int(position))
    f = position - i
    a, b = VIRIDIS[i], VIRIDIS[i + 1]
    return (round(a[0] + (b[0] - a[0]) * f), round(a[1] + (b[1] - a[1]) * f), round(a[2] + (b[2] - a[2]) * f))


def _ink_on(colour: tuple[int, int, int]) -> tuple[int, int, int]:
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


class Layout:
    """Pointy-top hexes of radius ``size``; pixel positions on the whole-map surface."""

    def __init__(self, hexes: Iterable[Hex], size: int) -> None:
        self.size = size
        self.hexes = frozenset(hexes)
        xs, ys = zip(*(self._raw(h) for h in self.hexes))
        self.left = min(xs) - SQRT3 * size / 2 - 2
        self.top = min(ys) - size - 2
        self.width = int(max(xs) - self.left + SQRT3 * size / 2 + 3)
        self.height = int(max(ys) - self.top + size + 3)
        self._unit_corners = [(math.cos(math.radians(60 * i - 30)), math.sin(math.radians(60 * i - 30)))
                              for i in range(6)]

    def _raw(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.size * SQRT3 * (q + r / 2), self.size * 1.5 * r

    def centre(self, h: Hex) -> tuple[float, float]:
        q, r = h
        return self.size * SQRT3 * (q + r / 2) - self.left, self.size * 1.5 * r - self.top

    def corners(self, h: Hex, shrink: float = 0.0) -> list[tuple[float, float]]:
        cx, cy = self.centre(h)
        radius = self.size - shrink
        return [(cx + radius * c, cy + radius * s) for c, s in self._unit_corners]

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

    def hexes_in(self, area: pygame.Rect) -> Iterator[Hex]:
        """The map's hexes that overlap ``area`` (a rectangle of the map surface), row by row."""
        size = self.size
        row_height, col_width = 1.5 * size, SQRT3 * size
        first = math.floor((area.top + self.top - size) / row_height)
        last = math.ceil((area.bottom + self.top + size) / row_height)
        hexes = self.hexes
        for r in range(first, last + 1):
            low = math.floor((area.left + self.left - col_width / 2) / col_width - r / 2)
            high = math.ceil((area.right + self.left + col_width / 2) / col_width - r / 2)
            for q in range(low, high + 1):
                if (q, r) in hexes:
                    yield (q, r)


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


class TileCache:
    """Surfaces by key, each with the stamp of what it shows; least recently used dropped past ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.bytes = 0
        self._items: OrderedDict[Hashable, tuple[Hashable, pygame.Surface]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable, stamp: Hashable) -> pygame.Surface | None:
        item = self._items.get(key)
        if item is None or item[0] != stamp:
            return None
        self._items.move_to_end(key)
        return item[1]

    def has(self, key: Hashable, stamp: Hashable) -> bool:
        item = self._items.get(key)
        return item is not None and item[0] == stamp

    def put(self, key: Hashable, stamp: Hashable, surface: pygame.Surface) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= _bytes(old[1])
        self._items[key] = (stamp, surface)
        self.bytes += _bytes(surface)
        while self.bytes > self.budget and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self.bytes -= _bytes(dropped)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


def _bytes(surface: pygame.Surface) -> int:
    return surface.get_width() * surface.get_height() * surface.get_bytesize()


def _for_display(surface: pygame.Surface, alpha: bool = False) -> pygame.Surface:
    """The surface in the window's pixel format (fastest to blit), when there is a window."""
    if pygame.display.get_init() and pygame.display.get_surface() is not None:
        return surface.convert_alpha() if alpha else surface.convert()
    return surface


def _overlapping(buckets: dict[tuple[int, int], list[int]], area: pygame.Rect) -> list[int]:
    """The indices bucketed under the tiles that ``area`` covers, in order, each once."""
    keys = [(tx, ty) for ty in range(area.top // TILE, (area.bottom - 1) // TILE + 1)
            for tx in range(area.left // TILE, (area.right - 1) // TILE + 1)]
    if len(keys) == 1:
        return buckets.get(keys[0], [])
    return sorted(set().union(*(buckets.get(key, ()) for key in keys)))


class _Generation:
    """A small number that changes exactly when a compared value changes (cheap per-frame cache keys)."""

    def __init__(self) -> None:
        self.value: object = None
        self.number = 0

    def of(self, value: object) -> int:
        if value is not self.value:
            if value != self.value:
                self.number += 1
            self.value = value  # the next frame's same object is found by identity
        return self.number


class MapRenderer:
    """Cached map tiles for one scenario; ``draw_map`` blits those under a window rectangle.

    ``renders`` counts how many times a layer (the base map, or the fog and overlay over it) had
    to be drawn again for a zoom level because what it shows changed or the zoom is new; tests
    check the cache with it. ``tiles_drawn`` counts single tiles drawn.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.tiles = scenario.map.tiles
        self.cities = {c.at: c for c in scenario.map.cities}
        self._hexes = frozenset(self.tiles)
        self._terrains = frozenset(self.tiles.values())
        self._rows = sorted(self.tiles, key=lambda h: (h[1], h[0]))  # drawing order: row by row
        self._layouts: dict[int, Layout] = {}
        self._fonts: dict[int, pygame.font.Font] = {}
        self._bases = TileCache(TILE_CACHE_BYTES)
        self._composed = TileCache(TILE_CACHE_BYTES)
        self._layer_stamps: dict[tuple[str, int], Hashable] = {}
        self._owners = _Generation()
        self._visible = _Generation()
        self._scratch: dict[tuple[int, int], pygame.Surface] = {}
        self._hex_sprites: dict[tuple, pygame.Surface] = {}
        self._tile_buckets: dict[Hashable, dict[tuple[int, int], list[int]]] = {}
        self._stamp_positions: dict[int, dict[Hex, tuple[int, int]]] = {}
        self._segments: dict[int, list[tuple[pygame.Rect, tuple, tuple, tuple, int]]] = {}
        self._city_boxes: dict[int, list[tuple[pygame.Rect, Hex]]] = {}
        self._ratios: dict[Hex, float] | None = None
        self._view: PlayerView | None = None  # whose units and signatures are in the composed tiles
        self._view_number = 0
        self._placements: dict[int, tuple[list, list]] = {}
        self._texts: dict[tuple[str, int, tuple], pygame.Surface] = {}
        self.renders = 0
        self.tiles_drawn = 0
        self.prefetch = True  # draw tiles ahead in frames that drew none (tests may turn it off)
        self._nearby: tuple[Hashable, list[tuple[int, int, int]]] | None = None  # the tiles to draw ahead, by camera

    def layout(self, size: int) -> Layout:
        if size not in self._layouts:
            self._layouts[size] = Layout(self._hexes, size)  # one set of hexes shared by every zoom
        return self._layouts[size]

    def font(self, size: int) -> pygame.font.Font:
        size = max(8, size)
        if size not in self._fonts:
            self._fonts[size] = pygame.font.Font(None, size)
        return self._fonts[size]

    def balance_ratios(self) -> dict[Hex, float]:
        """``balance_ratio`` for every hex a unit can stand on (the map and rules never change)."""
        if self._ratios is None:
            found = ((h, balance_ratio(self.scenario, h)) for h in self.tiles)
            self._ratios = {h: ratio for h, ratio in found if ratio is not None}
        return self._ratios

    # --- the frame -----------------------------------------------------------------------------

    def draw_map(self, surface: pygame.Surface, size: int, area: pygame.Rect, offset: tuple[float, float],
                 city_owner: Mapping[Hex, int | None], visible: frozenset[Hex], balance: bool = False,
                 view: PlayerView | None = None) -> int:
        """Blit the map at zoom ``size`` into ``area`` of ``surface``; ``offset`` is the map pixel at
        ``area``'s top-left. With a ``view``, its units and signatures are drawn into the tiles too
        (they change once a turn, like the fog). Returns how many tiles were blitted."""
        layout = self.layout(size)
        base_stamp = (self._owners.of(city_owner), PLAYER_COLOURS)
        if view is not self._view:
            self._view, self._placements = view, {}
            self._view_number += 1
        top_stamp = (base_stamp, self._visible.of(visible), balance, self._view_number)
        self._count_layer("base", size, base_stamp)
        self._count_layer("fog", size, top_stamp)
        ox, oy = math.floor(offset[0]), math.floor(offset[1])
        columns = (layout.width + TILE - 1) // TILE
        rows = (layout.height + TILE - 1) // TILE
        first_x, last_x = max(0, ox // TILE), min(columns - 1, (ox + area.w - 1) // TILE)
        first_y, last_y = max(0, oy // TILE), min(rows - 1, (oy + area.h - 1) // TILE)
        blits = []
        drawn = self.tiles_drawn
        for ty in range(first_y, last_y + 1):
            for tx in range(first_x, last_x + 1):
                tile = self._composed.get((size, tx, ty), top_stamp)
                if tile is None:
                    tile = self._compose(size, tx, ty, base_stamp, top_stamp, city_owner, visible, balance)
                blits.append((tile, (area.x + tx * TILE - ox, area.y + ty * TILE - oy)))
        surface.fblits(blits)
        if self.prefetch and self.tiles_drawn == drawn:
            # A quiet frame: draw up to PREFETCH_TILES tiles the camera may need next (so panning
            # and zooming find them ready), nearest first.
            centre = (ox + area.w // 2, oy + area.h // 2)
            key = (size, centre[0] // TILE, centre[1] // TILE, area.size)
            if self._nearby is None or self._nearby[0] != key:
                self._nearby = (key, list(self._nearby_tiles(size, centre, area.size)))
            budget = PREFETCH_TILES
            for tile_size, tx, ty in self._nearby[1]:
                if not self._composed.has((tile_size, tx, ty), top_stamp):
                    self._compose(tile_size, tx, ty, base_stamp, top_stamp, city_owner, visible, balance)
                    budget -= 1
                    if not budget:
                        break
        return len(blits)

    def _nearby_tiles(self, size: int, centre: tuple[float, float],
                      shown: tuple[int, int]) -> Iterator[tuple[int, int, int]]:
        """Tiles just off screen at this zoom, then those on screen at the next zoom levels, in and out."""
        index = ZOOM_LEVELS.index(size) if size in ZOOM_LEVELS else None
        levels = [(size, 1)]
        if index is not None:
            levels += [(ZOOM_LEVELS[i], 0) for i in (index + 1, index - 1) if 0 <= i < len(ZOOM_LEVELS)]
        for level, margin in levels:
            layout = self.layout(level)
            ratio = level / size
            cx, cy = centre[0] * ratio, centre[1] * ratio
            columns = (layout.width + TILE - 1) // TILE
            rows = (layout.height + TILE - 1) // TILE
            first_x = max(0, int(cx - shown[0] / 2) // TILE - margin)
            last_x = min(columns - 1, int(cx + shown[0] / 2) // TILE + margin)
            first_y = max(0, int(cy - shown[1] / 2) // TILE - margin)
            last_y = min(rows - 1, int(cy + shown[1] / 2) // TILE + margin)
            found = [(level, tx, ty) for ty in range(first_y, last_y + 1) for tx in range(first_x, last_x + 1)]
            found.sort(key=lambda t: abs((t[1] + 0.5) * TILE - cx) + abs((t[2] + 0.5) * TILE - cy))
            yield from found

    def marker_font(self, size: int) -> pygame.font.Font:
        """The font of unit strengths and signature labels at zoom ``size``."""
        return self.font(max(12, size // 2 + 4))

    def placements(self, size: int) -> tuple[list[tuple[float, float, Sighting, int]], list[tuple[float, float, Unit]]]:
        """The last view's signatures (oldest first) and unit counters (stacks fanned out) at their
        positions on the map surface at zoom ``size``."""
        found = self._placements.get(size)
        if found is None:
            layout = self.layout(size)
            markers, counters = [], []
            if self._view is not None:
                markers = [(*layout.centre(sighting.at), sighting, age) for sighting, age in view_markers(self._view)]
                stacks: dict[Hex, int] = {}
                for unit in self._view.units:
                    n = stacks.get(unit.at, 0)
                    stacks[unit.at] = n + 1
                    x, y = layout.centre(unit.at)
                    counters.append((x + n * size * 0.2, y - n * size * 0.2, unit))
            found = self._placements[size] = (markers, counters)
        return found

    def _draw_markers(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        """The view's signatures, then its units, that reach into ``area``, drawn at ``-area.topleft``.

        Markers are bucketed by tile from a bound on their sprite's size, and their sprites made
        only when a tile needs them: a new zoom makes a screenful of sprites, not the map's."""
        markers, counters = self.placements(size)
        reach = 3 * size // 2 + 24  # no marker reaches farther from its centre (see _unit_extent, _sighting_extent)

        def boxes() -> list[pygame.Rect]:
            return [pygame.Rect(int(x) - reach, int(y) - reach, 2 * reach, 2 * reach)
                    for x, y, *_ in markers + counters]  # type: ignore[operator]

        buckets = self._buckets(("markers", size, self._view_number), boxes)
        font = self.marker_font(size)
        x0, y0, x1, y1 = area.left, area.top, area.right, area.bottom
        stamps = []
        for i in _overlapping(buckets, area):
            if i < len(markers):
                x, y, sighting, age = markers[i]
                sprite, dx, dy = sighting_sprite(font, sighting, size, age)
            else:
                x, y, unit = counters[i - len(markers)]
                sprite, dx, dy = unit_sprite(font, unit, size)
            left, top = int(x) + dx, int(y) + dy
            if left < x1 and top < y1 and left + sprite.get_width() > x0 and top + sprite.get_height() > y0:
                stamps.append((sprite, (left - x0, top - y0)))
        target.fblits(stamps)

    def _buckets(self, key: Hashable, boxes: Callable[[], list[pygame.Rect]]) -> dict[tuple[int, int], list[int]]:
        """For each tile, the indices (in order) of the ``boxes()`` that reach into it (cached under ``key``)."""
        found = self._tile_buckets.get(key)
        if found is None:
            if key[0] == "markers":  # a new view: the last one's are of no more use
                for old in [k for k in self._tile_buckets if k[0] == "markers" and k[-1] != key[-1]]:
                    del self._tile_buckets[old]
            found = {}
            for i, box in enumerate(boxes()):
                for ty in range(box.top // TILE, (box.bottom - 1) // TILE + 1):
                    for tx in range(box.left // TILE, (box.right - 1) // TILE + 1):
                        found.setdefault((tx, ty), []).append(i)
            self._tile_buckets[key] = found
        return found

    def _count_layer(self, layer: str, size: int, stamp: Hashable) -> None:
        if self._layer_stamps.get((layer, size)) != stamp:
            self._layer_stamps[(layer, size)] = stamp
            self.renders += 1

    def _tile_area(self, size: int, tx: int, ty: int) -> pygame.Rect:
        layout = self.layout(size)
        x, y = tx * TILE, ty * TILE
        return pygame.Rect(x, y, min(TILE, layout.width - x), min(TILE, layout.height - y))

    def _compose(self, size: int, tx: int, ty: int, base_stamp: Hashable, top_stamp: Hashable,
                 city_owner: Mapping[Hex, int | None], visible: frozenset[Hex], balance: bool) -> pygame.Surface:
        area = self._tile_area(size, tx, ty)
        base = self._bases.get((size, tx, ty), base_stamp)
        if base is None:
            base = pygame.Surface(area.size)
            base.fill(BACKGROUND)
            self._draw_base(base, size, area, city_owner)
            base = _for_display(base)
            self._bases.put((size, tx, ty), base_stamp, base)
        tile = base.copy()
        if balance:
            self._draw_balance_tint(tile, size, area)
            self._draw_balance_numbers(tile, size, area)
            self._draw_features(tile, size, area, city_owner)  # cities keep their owner's colour
        self._draw_fog(tile, size, area, visible)
        if self._view is not None:
            self._draw_markers(tile, size, area)
        self._composed.put((size, tx, ty), top_stamp, tile)
        self.tiles_drawn += 1
        return tile

    def _scratch_for(self, area: pygame.Rect) -> pygame.Surface:
        scratch = self._scratch.get(area.size)
        if scratch is None:
            scratch = self._scratch[area.size] = pygame.Surface(area.size, pygame.SRCALPHA)
        scratch.fill((0, 0, 0, 0))
        return scratch

    # --- the layers, drawn for one rectangle of the map surface ----------------------------------

    def _draw_base(self, target: pygame.Surface, size: int, area: pygame.Rect,
                   city_owner: Mapping[Hex, int | None]) -> None:
        """Terrain, roads, rivers and cities that overlap ``area``, drawn at ``-area.topleft``."""
        dx, dy = -area.x, -area.y
        tiles, stamps = self.tiles, self._stamps(size)
        sprites = {terrain: self._hex_sprite(("terrain", terrain), size) for terrain in self._terrains}
        target.fblits([(sprites[tiles[h]], (stamps[h][0] + dx, stamps[h][1] + dy)) for h in self._hexes_in(size, area)])
        self._draw_features(target, size, area, city_owner)

    def _draw_features(self, target: pygame.Surface, size: int, area: pygame.Rect,
                       city_owner: Mapping[Hex, int | None]) -> None:
        """Roads, rivers and cities that overlap ``area`` (drawn again over the balance overlay)."""
        layout = self.layout(size)
        dx, dy = -area.x, -area.y
        segments = self._map_segments(size)
        for i in _overlapping(self._buckets(("segments", size), lambda: [box for box, *_ in segments]), area):
            box, colour, start, end, width = segments[i]
            if box.colliderect(area):
                pygame.draw.line(target, colour, (start[0] + dx, start[1] + dy), (end[0] + dx, end[1] + dy), width)
        label = self.font(max(12, size // 2 + 6))
        cities = self._city_areas(size)
        for i in _overlapping(self._buckets(("cities", size), lambda: [box for box, _ in cities]), area):
            box, h = cities[i]
            if not box.colliderect(area):
                continue
            city = self.cities[h]
            owner = city_owner.get(h)
            cx, cy = layout.centre(h)
            cx, cy = cx + dx, cy + dy
            half = size * (0.5 if city.is_capital else 0.4)
            rect = pygame.Rect(0, 0, 2 * half, 2 * half)
            rect.center = (int(cx), int(cy))
            pygame.draw.rect(target, player_colour(owner), rect)
            pygame.draw.rect(target, (0, 0, 0), rect, max(2, size // 10))
            if city.is_capital:
                pygame.draw.circle(target, (0, 0, 0), rect.center, max(2, size // 6))
            if size >= 18:
                text = self._text(city.name, label, (20, 20, 20), (245, 245, 235))
                target.blit(text, text.get_rect(midtop=(cx, cy + half + 1)))

    def _map_segments(self, size: int) -> list[tuple[pygame.Rect, tuple, tuple, tuple, int]]:
        """Roads then rivers, as (bounding box, colour, start, end, width) on the map surface."""
        if size not in self._segments:
            layout = self.layout(size)
            segments = []
            for a, b in self.scenario.map.roads:
                segments.append((ROAD, layout.centre(a), layout.centre(b), max(2, size // 6)))
            for a, b in self.scenario.map.rivers:
                ca, cb = layout.corners(a), layout.corners(b)
                shared = sorted(ca, key=lambda p: min(math.dist(p, q) for q in cb))[:2]
                segments.append((RIVER, shared[0], shared[1], max(3, size // 5)))
            boxed = []
            for colour, start, end, width in segments:
                box = pygame.Rect(min(start[0], end[0]), min(start[1], end[1]), abs(end[0] - start[0]) + 1,
                                  abs(end[1] - start[1]) + 1).inflate(2 * width + 4, 2 * width + 4)
                boxed.append((box, colour, start, end, width))
            self._segments[size] = boxed
        return self._segments[size]

    def _city_areas(self, size: int) -> list[tuple[pygame.Rect, Hex]]:
        """Each city's square and name label, as a bounding box on the map surface."""
        if size not in self._city_boxes:
            layout = self.layout(size)
            label = self.font(max(12, size // 2 + 6))
            boxes = []
            for h, city in self.cities.items():
                cx, cy = layout.centre(h)
                box = pygame.Rect(0, 0, 2 * size + 4, 2 * size + 4)
                box.center = (int(cx), int(cy))
                if size >= 18:
                    width, height = label.size(city.name)
                    text = pygame.Rect(0, 0, width + 4, height + 4)
                    text.midtop = (int(cx), int(cy + size * 0.5))
                    box = box.union(text)
                boxes.append((box, h))
            self._city_boxes[size] = boxes
        return self._city_boxes[size]

    def _hex_sprite(self, kind: tuple, size: int) -> pygame.Surface:
        """One hex, stamped wherever it is needed: ("terrain", class) with its colour, pattern and
        edge; ("fog",) a dark translucent hex; ("tint", colour) the balance overlay's hex."""
        key = (kind, size)
        sprite = self._hex_sprites.get(key)
        if sprite is None:
            width, height = math.ceil(SQRT3 * size) + 4, 2 * size + 4
            centre = (width / 2, height / 2)
            layout = self.layout(size)

            def hexagon(radius: float) -> list[tuple[float, float]]:
                return [(centre[0] + radius * c, centre[1] + radius * s) for c, s in layout._unit_corners]

            if kind[0] == "terrain":
                colour = TERRAIN_COLOURS.get(kind[1], UNKNOWN_TERRAIN)
                sprite = pygame.Surface((width, height))
                sprite.fill(SPRITE_KEY)
                sprite.set_colorkey(SPRITE_KEY)
                pygame.draw.polygon(sprite, colour, hexagon(size + 0.75))  # a little over: no gaps between stamps
                _pattern(sprite, kind[1], centre, size, colour)
                pygame.draw.polygon(sprite, HEX_EDGE, hexagon(size), 1)
                sprite = _for_display(sprite)
            else:
                sprite = pygame.Surface((width, height), pygame.SRCALPHA)
                if kind[0] == "fog":
                    pygame.draw.polygon(sprite, FOG, hexagon(size + 0.75))
                else:
                    pygame.draw.polygon(sprite, (*kind[1], BALANCE_ALPHA), hexagon(size - 1))
                sprite = _for_display(sprite, alpha=True)
            self._hex_sprites[key] = sprite
        return sprite

    def _hexes_in(self, size: int, area: pygame.Rect) -> list[Hex]:
        """The hexes that overlap ``area``, row by row (looked up by tile)."""
        layout, rows = self.layout(size), self._rows

        def boxes() -> list[pygame.Rect]:
            found = []
            for h in rows:
                cx, cy = layout.centre(h)
                box = pygame.Rect(0, 0, math.ceil(SQRT3 * size) + 4, 2 * size + 4)
                box.center = (int(cx), int(cy))
                found.append(box)
            return found

        return [rows[i] for i in _overlapping(self._buckets(("hexes", size), boxes), area)]

    def _stamps(self, size: int) -> dict[Hex, tuple[int, int]]:
        """Where each hex sprite's top-left goes on the map surface (the hex centre is mid-sprite)."""
        stamps = self._stamp_positions.get(size)
        if stamps is None:
            layout = self.layout(size)
            half_width, half_height = (math.ceil(SQRT3 * size) + 4) / 2, (2 * size + 4) / 2
            stamps = {}
            for h in self.tiles:
                cx, cy = layout.centre(h)
                stamps[h] = (round(cx - half_width), round(cy - half_height))
            self._stamp_positions[size] = stamps
        return stamps

    def _draw_fog(self, target: pygame.Surface, size: int, area: pygame.Rect, visible: frozenset[Hex]) -> None:
        hidden = [h for h in self._hexes_in(size, area) if h not in visible]
        if not hidden:
            return
        scratch = self._scratch_for(area)
        dx, dy = -area.x, -area.y
        fog, stamps = self._hex_sprite(("fog",), size), self._stamps(size)
        # The hex stamps overlap by a pixel so that no seam shows; taking the maximum (not blending)
        # keeps the overlaps as dark as the rest.
        scratch.fblits([(fog, (stamps[h][0] + dx, stamps[h][1] + dy)) for h in hidden], pygame.BLEND_RGBA_MAX)
        target.blit(scratch, (0, 0))

    def _draw_balance_tint(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        ratios = self.balance_ratios()
        dx, dy = -area.x, -area.y
        stamps = self._stamps(size)
        target.fblits([(self._hex_sprite(("tint", balance_colour(ratios[h])), size),
                        (stamps[h][0] + dx, stamps[h][1] + dy)) for h in self._hexes_in(size, area) if h in ratios])

    def _draw_balance_numbers(self, target: pygame.Surface, size: int, area: pygame.Rect) -> None:
        if size < BALANCE_READABLE:
            return
        layout = self.layout(size)
        ratios = self.balance_ratios()
        font = self.font(max(12, size // 2 + 4))
        for h in self._hexes_in(size, area):
            ratio = ratios.get(h)
            if ratio is None:
                continue
            colour = balance_colour(ratio)
            text = self._text(format_ratio(ratio), font, _ink_on(colour), colour)
            cx, cy = layout.centre(h)
            # In the hex's top corner: a unit counter covers the middle.
            target.blit(text, text.get_rect(center=(cx - area.x, cy - area.y - size * 0.68)))

    def _text(self, line: str, font: pygame.font.Font, colour: tuple, background: tuple) -> pygame.Surface:
        key = (line, id(font), colour + background)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) > SPRITE_CACHE_SIZE:
                self._texts.clear()
            text = self._texts[key] = font.render(line, True, colour, background)
        return text

    # --- whole-map layers (for screenshots and tools; the window draws tiles) --------------------

    def base(self, size: int, city_owner: Mapping[Hex, int | None]) -> pygame.Surface:
        """The static map at zoom ``size`` as one surface (not cached: it can be very large)."""
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height))
        surface.fill(BACKGROUND)
        self._draw_base(surface, size, surface.get_rect(), city_owner)
        return surface

    def fog(self, size: int, visible: frozenset[Hex]) -> pygame.Surface:
        """The fog over the whole map at zoom ``size``, as one transparent surface (not cached)."""
        layout = self.layout(size)
        surface = pygame.Surface((layout.width, layout.height), pygame.SRCALPHA)
        self._draw_fog(surface, size, surface.get_rect(), visible)
        return surface

    def cached_bytes(self) -> int:
        """Memory held by cached tiles (both kinds)."""
        return self._bases.bytes + self._composed.bytes


_sprites: dict[Hashable, tuple[pygame.Surface, int, int]] = {}  # key -> (sprite, dx, dy from the centre)


def _sprite(key: Hashable, extent: pygame.Rect, paint) -> tuple[pygame.Surface, int, int]:  # type: ignore[no-untyped-def]
    """A marker painted once on a transparent canvas; ``extent`` is what it covers around its centre
    (0, 0). Returns the sprite and where its top-left is from the centre."""
    found = _sprites.get(key)
    if found is None:
        if len(_sprites) >= SPRITE_CACHE_SIZE:
            _sprites.clear()
        canvas = pygame.Surface(extent.size, pygame.SRCALPHA)
        paint(canvas, (-extent.x, -extent.y))
        found = _sprites[key] = (_for_display(canvas, alpha=True), extent.x, extent.y)
    return found


def _unit_extent(font: pygame.font.Font, unit: Unit, size: int) -> pygame.Rect:
    """What ``_paint_unit`` covers around the centre: the counter, its strength label below right,
    the entrenchment line and the order dot at its top-left corner (with a pixel to spare)."""
    w, h = int(size * 1.2), int(size * 0.85)
    rect = pygame.Rect(-(w // 2), -(h // 2), w, h)
    text_w, text_h = font.size(str(unit.strength))
    dot = max(3, size // 7) + 1
    label = pygame.Rect(rect.right - 2, rect.bottom - text_h // 2, text_w, text_h)
    return rect.inflate(2 * dot, 2 * dot).union(label).union(rect.inflate(0, 10)).inflate(2, 2)


def _sighting_extent(font: pygame.font.Font, label: str, size: int) -> pygame.Rect:
    """What ``_paint_sighting`` covers around the centre: its layer and the label above."""
    box, r = int(size * 1.8), int(size * 0.6)
    layer = pygame.Rect(-(box // 2), -(box // 2), box, box)
    text_w, text_h = font.size(label)
    return layer.union(pygame.Rect(-(text_w // 2) - 1, -r - text_h - 1, text_w + 2, text_h + 2)).inflate(2, 2)


def unit_sprite(font: pygame.font.Font, unit: Unit, size: int, *, selected: bool = False,
                ordered: bool = False) -> tuple[pygame.Surface, int, int]:
    """A unit's counter (see ``draw_unit``) and where its top-left is from the counter's centre."""
    key = ("unit", unit.kind, player_colour(unit.owner), unit.strength, unit.entrenched, selected, ordered, size,
           id(font))
    found = _sprites.get(key)
    if found is not None:
        return found
    return _sprite(key, _unit_extent(font, unit, size),
                   lambda canvas, at: _paint_unit(canvas, font, unit, at, size, selected=selected, ordered=ordered))


def draw_unit(surface: pygame.Surface, font: pygame.font.Font, unit: Unit, centre: tuple[float, float], size: int,
              *, selected: bool = False, ordered: bool = False) -> None:
    """A NATO-style counter in the owner's colour: the type's symbol and the strength."""
    sprite, dx, dy = unit_sprite(font, unit, size, selected=selected, ordered=ordered)
    surface.blit(sprite, (int(centre[0]) + dx, int(centre[1]) + dy))


def _paint_unit(surface: pygame.Surface, font: pygame.font.Font, unit: Unit, centre: tuple[float, float], size: int,
                *, selected: bool = False, ordered: bool = False) -> None:
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


def sighting_sprite(font: pygame.font.Font, sighting: Sighting, size: int, age: int) -> tuple[pygame.Surface, int, int]:
    """A signature's marker (see ``draw_sighting``) and where its top-left is from the hex centre."""
    r = int(size * 0.6)
    key = ("sighting", player_colour(sighting.owner), sighting.looks[:1], sighting.reliability < 0.75,
           int(2 * r * sighting.reliability), sighting.strength_low, sighting.strength_high, age, size, id(font))
    found = _sprites.get(key)
    if found is not None:
        return found
    return _sprite(key, _sighting_extent(font, _sighting_label(sighting, age), size),
                   lambda canvas, at: _paint_sighting(canvas, font, sighting, at, size, age))


def draw_sighting(surface: pygame.Surface, font: pygame.font.Font, sighting: Sighting, centre: tuple[float, float],
                  size: int, age: int) -> None:
    """A rival signature: a diamond in the owner's colour with the apparent type, strength range and
    reliability (the filled share of the bar); ghosts fade with age and show it."""
    sprite, dx, dy = sighting_sprite(font, sighting, size, age)
    surface.blit(sprite, (int(centre[0]) + dx, int(centre[1]) + dy))


def _paint_sighting(surface: pygame.Surface, font: pygame.font.Font, sighting: Sighting, centre: tuple[float, float],
                    size: int, age: int) -> None:
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
    text = font.render(_sighting_label(sighting, age), True, (0, 0, 0), (255, 255, 255))
    if alpha < 255:  # as per-pixel alpha, which blends the same onto a sprite's transparent canvas
        faded = pygame.Surface(text.get_size(), pygame.SRCALPHA)
        faded.blit(text, (0, 0))
        faded.fill((255, 255, 255, alpha), special_flags=pygame.BLEND_RGBA_MULT)
        text = faded
    surface.blit(text, text.get_rect(midbottom=(centre[0], centre[1] - r)))


def _sighting_label(sighting: Sighting, age: int) -> str:
    return f"{sighting.strength_low}-{sighting.strength_high}" + (f" t-{age}" if age else "")


def view_markers(view: PlayerView) -> list[tuple[Sighting, int]]:
    """Sightings of this turn (age 0) and ghosts with their age, oldest first so fresh ones draw on top."""
    ghosts = sorted(((g, view.turn - g.seen_turn) for g in view.ghosts), key=lambda item: -item[1])
    return ghosts + [(s, 0) for s in view.sightings]
