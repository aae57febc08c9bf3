"""Seeded map generation: ``generate_map(ruleset, players=, width=, height=, seed=)``.

The generator is a pure function of its arguments. It works in stages, each a
private function over plain dicts:

1. terrain from smoothed value noise, classified by *quantiles* (so each class
   has the same share on every seed): water where the land is low (mostly a
   ragged coast, some lakes), mountain ridges, hills around them, marsh near
   water, forest, and plains for the rest (about half);
2. capitals around an ellipse, slid along it until neighbouring capitals are
   the same hex distance apart, the ellipse and its rotation chosen among a
   few for even spacing and room;
3. home cities at the same hex distance from every capital and at the same
   angles seen from the map centre; one neutral city between each pair of
   neighbouring capitals, as near to both as the grid allows;
4. repairs for fairness and connectivity: clear ground at every capital, land
   bridges so every city can reach every other, then the same passable land,
   the same slow ground (mountains and marsh) and about the same open ground
   (plains) within ``FAIR_RADIUS`` of every capital;
5. rivers along hex edges, flowing downhill to the nearest water;
6. roads along the cheapest paths by the movement rules, and city names
   built from syllables.

Determinism: every chance comes from ``randomness`` draws keyed by what they are
for, never from the ``random`` module, and floats are combined with ``+ - * /``,
``abs``, ``int()`` and comparisons only (no ``math`` functions, whose last bits
may differ between C libraries; square roots and sines are computed here by
Newton's method and a Taylor series), so a seed gives the same map on every
machine. Ties are always broken by comparing hexes.
"""

from __future__ import annotations

import heapq
from collections import deque
from typing import Callable

from game.rules import hexgrid, randomness
from game.rules.hexgrid import Edge, Hex
from game.rules.mapdata import CitySite, GameMap
from game.rules.ruleset import Ruleset

MIN_PLAYERS = 2
MAX_PLAYERS = 8
MIN_SIDE = 10
MAX_SIDE = 200
HEXES_PER_PLAYER = 60  # fewer leaves no room for a capital, two home cities and a neutral city each
MAX_ASPECT = 3  # a thinner strip cannot hold an even ring of capitals

# The six terrain classes the generator paints with; the ruleset must define them all.
PLAINS, FOREST, HILLS, MOUNTAINS, MARSH, WATER = "plains", "forest", "hills", "mountains", "marsh", "water"
TERRAIN_USED = (PLAINS, FOREST, HILLS, MOUNTAINS, MARSH, WATER)

# Shares of the whole rectangle; plains take the rest (about half).
WATER_SHARE = 0.11
MOUNTAIN_SHARE = 0.06
HILL_SHARE = 0.10
MARSH_SHARE = 0.05
FOREST_SHARE = 0.16

FAIR_RADIUS = 4  # every capital gets the same passable land within this many hexes
OPEN_GROUND_TOLERANCE = 3  # plains within FAIR_RADIUS may miss the capitals' average by this much
SMALL_ISLAND = 12  # unreachable land smaller than this is drowned; larger is bridged

_KEY = "mapgen"
_ROUGH = {MOUNTAINS: HILLS, MARSH: FOREST}  # slow ground near capitals, and what it is smoothed to
# Home cities stand back and to either side of the capital, seen from the map centre:
# these are their directions, in turns away from straight out.
_HOME_TURNS = (0.13, -0.13)
_ROW_HEIGHT = 0.8660254037844386  # sqrt(3) / 2: rows of pointy-top hexes are this far apart
_PI = 3.141592653589793
_ELLIPSE_SAMPLES = 720
_LAYOUT_TRIES = 12  # rotations tried per ellipse
_RELAX_ROUNDS = 30
_ROOM_PERCENT = 85  # a narrower ellipse must give neighbours this share of the best room to be passed over


def generate_map(ruleset: Ruleset, *, players: int, width: int, height: int, seed: int, name: str = "") -> GameMap:
    """A fair, connected ``width`` x ``height`` map (odd-r offset rectangle) for ``players``.

    Player ``i`` gets a capital and two home cities near it, on plains or
    hills; players are numbered around the ring, so ``i`` and ``i + 1`` are
    neighbours. There is one neutral city per player (incomes: rules.toml
    ``maps``),
    each midway between two neighbouring capitals. Every city can reach every
    other over passable terrain, and every capital has the same amount of
    passable land within ``FAIR_RADIUS`` hexes. The same arguments always give
    the same map.

    Raises:
        ValueError: if ``players`` is not 2..8, a side is not 10..200 hexes, the
            long side is over three times the short one, the map has fewer than
            60 hexes per player, an argument has the wrong type, or the
            ruleset lacks a terrain class the generator paints with (or its
            plains are impassable, or its water passable).
    """
    _check_arguments(ruleset, players, width, height, seed, name)
    grid = _Grid(width, height)
    passable = {t: ruleset.terrain[t].is_passable for t in TERRAIN_USED}
    tiles = _paint_terrain(grid, seed)

    capitals, anchors = _place_capitals(grid, tiles, passable, players, seed)
    spacing = min(_ring_distances(capitals))
    home_distance = max(2, min(4, spacing // 3))
    gap = 3 if spacing >= 9 else 2  # cities closer than this crowd each other's territory
    taken: list[Hex] = list(capitals)  # grows as each city site is chosen
    homes = _place_home_cities(grid, capitals, home_distance, gap, taken)
    neutrals = _place_neutral_cities(grid, capitals, anchors, gap, taken)

    home_sites = [h for group in homes for h in group]
    all_cities = sorted([*capitals, *home_sites, *neutrals])
    _clear_city_ground(grid, tiles, capitals, home_sites, neutrals)
    _connect_land(grid, tiles, passable, all_cities)
    _equalise_capital_land(grid, tiles, passable, capitals, set(all_cities))
    _even_out_open_ground(grid, tiles, capitals, set(all_cities))

    rivers = _draw_rivers(grid, tiles, passable, seed)
    roads = _build_roads(grid, tiles, ruleset, rivers, capitals, homes, neutrals)
    cities = _name_cities(ruleset, seed, capitals, homes, neutrals)
    return GameMap(
        name=name or f"generated-{players}p-{seed}",
        players=players,
        tiles=tiles,
        rivers=frozenset(rivers),
        roads=frozenset(roads),
        cities=tuple(sorted(cities, key=lambda c: c.at)),
    )


def _check_arguments(ruleset: Ruleset, players: int, width: int, height: int, seed: int, name: str) -> None:
    if not isinstance(name, str):
        raise ValueError(f"name must be a string, got {name!r}")
    for label, value in (("players", players), ("width", width), ("height", height), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{label} must be an int, got {value!r}")
    if not MIN_PLAYERS <= players <= MAX_PLAYERS:
        raise ValueError(f"players must be {MIN_PLAYERS}..{MAX_PLAYERS}, got {players}")
    for label, value in (("width", width), ("height", height)):
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise ValueError(f"{label} must be {MIN_SIDE}..{MAX_SIDE} hexes, got {value}")
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise ValueError(
            f"a {width}x{height} map is too thin: the long side may be at most {MAX_ASPECT} times the short one"
        )
    if width * height < HEXES_PER_PLAYER * players:
        raise ValueError(
            f"a {width}x{height} map has {width * height} hexes; {players} players need at least "
            f"{HEXES_PER_PLAYER * players} ({HEXES_PER_PLAYER} per player)"
        )
    missing = [t for t in TERRAIN_USED if t not in ruleset.terrain]
    if missing:
        raise ValueError(f"the ruleset lacks terrain classes the generator needs: {', '.join(missing)}")
    if not ruleset.terrain[PLAINS].is_passable or ruleset.terrain[WATER].is_passable:
        raise ValueError("the generator needs passable plains and impassable water")


# --- geometry ---------------------------------------------------------------------------------


class _Grid:
    """The rectangle's hexes in row order, with their positions on the plane."""

    __slots__ = ("width", "height", "hexes", "on_map", "xy", "edge_distance")

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.hexes: list[Hex] = [hexgrid.offset_to_axial(col, row) for row in range(height) for col in range(width)]
        self.on_map = frozenset(self.hexes)
        self.xy: dict[Hex, tuple[float, float]] = {}
        self.edge_distance: dict[Hex, int] = {}
        for h in self.hexes:
            col, row = hexgrid.axial_to_offset(h)
            self.xy[h] = (col + 0.5 * (row & 1), row * _ROW_HEIGHT)
            self.edge_distance[h] = min(col, row, width - 1 - col, height - 1 - row)

    def centre(self) -> tuple[float, float]:
        # Odd rows are shifted half a hex right, so the middle is a quarter hex right of the middle column.
        return ((self.width - 1) / 2 + 0.25, (self.height - 1) / 2 * _ROW_HEIGHT)

    def nearest(self, x: float, y: float) -> Hex:
        """The on-map hex whose centre is nearest the point (clamped into the rectangle)."""
        row = min(self.height - 1, max(0, int(y / _ROW_HEIGHT + 0.5)))
        best: Hex | None = None
        best_d = 0.0
        for r in (row - 1, row, row + 1):
            if not 0 <= r < self.height:
                continue
            col = min(self.width - 1, max(0, int(x - 0.5 * (r & 1) + 0.5)))
            for c in (col - 1, col, col + 1):
                if 0 <= c < self.width:
                    h = hexgrid.offset_to_axial(c, r)
                    d = _squared(self.xy[h], (x, y))
                    if best is None or d < best_d:
                        best, best_d = h, d
        assert best is not None
        return best

    def neighbours(self, h: Hex) -> list[Hex]:
        return [n for n in hexgrid.neighbours(h) if n in self.on_map]


def _squared(a: tuple[float, float], b: tuple[float, float]) -> float:
    return (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])


def _sqrt(value: float) -> float:
    # Newton's method: only + and /, so the result is the same on every machine.
    if value <= 0.0:
        return 0.0
    guess = value if value > 1.0 else 1.0
    for _ in range(60):
        better = (guess + value / guess) / 2
        if better >= guess:
            break
        guess = better
    return guess


def _fraction(value: float) -> float:
    # value - int(value) is exact for any double; float % would go through C's fmod.
    part = value - int(value)
    return part + 1.0 if part < 0 else part


def _cos_sin(turns: float) -> tuple[float, float]:
    # Taylor series around 0 after reducing the angle to [-pi, pi]: plain arithmetic, no libm.
    turns = _fraction(turns)
    if turns > 0.5:
        turns -= 1.0
    angle = turns * 2 * _PI
    square = angle * angle
    cosine, sine = 1.0, angle
    term_c, term_s = 1.0, angle
    for n in range(1, 16):
        term_c = -term_c * square / ((2 * n - 1) * (2 * n))
        term_s = -term_s * square / ((2 * n) * (2 * n + 1))
        cosine += term_c
        sine += term_s
    return cosine, sine


def _ring_distances(capitals: list[Hex]) -> list[int]:
    if len(capitals) == 2:
        return [hexgrid.distance(capitals[0], capitals[1])]
    return [hexgrid.distance(a, b) for a, b in zip(capitals, capitals[1:] + capitals[:1])]


# --- terrain ----------------------------------------------------------------------------------


class _ValueNoise:
    """Smoothed value noise: keyed draws on a square lattice, blended with smoothstep."""

    __slots__ = ("cell", "lattice")

    def __init__(self, seed: int, layer: str, cell: float, width: float, height: float) -> None:
        self.cell = cell
        # Drawn up front, one row of lattice points at a time: plain list indexing is
        # much faster than a keyed draw per lookup, and the lattice is small.
        self.lattice = [
            [randomness.uniform(seed, _KEY, "noise", layer, cell, i, j) for i in range(int(width / cell) + 2)]
            for j in range(int(height / cell) + 2)
        ]

    def __call__(self, x: float, y: float) -> float:
        gx, gy = x / self.cell, y / self.cell
        i, j = int(gx), int(gy)  # positions are never negative, so int() is floor
        fx, fy = gx - i, gy - j
        sx, sy = fx * fx * (3 - 2 * fx), fy * fy * (3 - 2 * fy)
        upper, lower = self.lattice[j], self.lattice[j + 1]
        top = upper[i] + (upper[i + 1] - upper[i]) * sx
        bottom = lower[i] + (lower[i + 1] - lower[i]) * sx
        return top + (bottom - top) * sy


def _field(grid: _Grid, seed: int, layer: str, cell: float) -> dict[Hex, float]:
    # Two octaves: broad shapes plus detail at half the size.
    extent = (grid.width + 1.0, grid.height * _ROW_HEIGHT)
    broad = _ValueNoise(seed, layer, cell, *extent)
    detail = _ValueNoise(seed, layer, cell / 2, *extent)
    return {h: 0.68 * broad(*grid.xy[h]) + 0.32 * detail(*grid.xy[h]) for h in grid.hexes}


def _paint_terrain(grid: _Grid, seed: int) -> dict[Hex, str]:
    total = len(grid.hexes)
    elevation = _field(grid, seed, "elevation", 9.0)
    ridge_base = _field(grid, seed, "ridge", 8.0)
    moisture = _field(grid, seed, "moisture", 6.0)
    wetness = _field(grid, seed, "wetness", 5.0)
    # Mountains follow lines where the ridge noise crosses its middle value: long ridges, not blobs.
    ridge = {h: 1.0 - abs(2.0 * ridge_base[h] - 1.0) for h in grid.hexes}
    # Sinking the rim makes most water a ragged coast; the rest becomes inland lakes.
    rim = (0.3, 0.12, 0.04)
    sea_level = {h: elevation[h] - (rim[grid.edge_distance[h]] if grid.edge_distance[h] < len(rim) else 0.0)
                 for h in grid.hexes}

    tiles: dict[Hex, str] = {}
    free = list(grid.hexes)

    def take(terrain: str, share: float, score: Callable[[Hex], float], lowest: bool = False) -> None:
        nonlocal free
        count = int(total * share + 0.5)
        sign = 1.0 if lowest else -1.0
        ranked = sorted(free, key=lambda h: (sign * score(h), h))
        for h in ranked[:count]:
            tiles[h] = terrain
        free = ranked[count:]

    take(WATER, WATER_SHARE, lambda h: sea_level[h], lowest=True)
    take(MOUNTAINS, MOUNTAIN_SHARE, lambda h: 0.7 * ridge[h] + 0.3 * elevation[h])
    take(HILLS, HILL_SHARE, lambda h: 0.45 * ridge[h] + 0.55 * elevation[h])
    near_water = {n for h in grid.hexes if tiles.get(h) == WATER for n in grid.neighbours(h)}
    take(MARSH, MARSH_SHARE, lambda h: 0.6 * wetness[h] + 0.4 * (1.0 - elevation[h]) + (0.15 if h in near_water else 0))
    take(FOREST, FOREST_SHARE, lambda h: moisture[h])
    for h in free:
        tiles[h] = PLAINS
    return {h: tiles[h] for h in grid.hexes}


# --- cities -----------------------------------------------------------------------------------


def _ellipse(grid: _Grid, margin: int) -> Callable[[float], tuple[float, float]]:
    """A point on the ellipse inset ``margin`` hexes from the edges, by share of its perimeter."""
    cx, cy = grid.centre()
    rx = max(1.0, (grid.width - 1) / 2 - margin)
    ry = max(1.0, ((grid.height - 1) / 2 - margin) * _ROW_HEIGHT)
    points = []
    for k in range(_ELLIPSE_SAMPLES + 1):
        cosine, sine = _cos_sin(k / _ELLIPSE_SAMPLES)
        points.append((cx + rx * cosine, cy + ry * sine))
    lengths = [0.0]
    for a, b in zip(points, points[1:]):
        lengths.append(lengths[-1] + _sqrt(_squared(a, b)))
    perimeter = lengths[-1]

    def at(share: float) -> tuple[float, float]:
        # Equal steps along the perimeter, not equal angles: on a flat ellipse equal
        # angles would crowd the capitals at the ends of the long axis.
        target = _fraction(share) * perimeter
        low, high = 0, _ELLIPSE_SAMPLES
        while high - low > 1:
            middle = (low + high) // 2
            if lengths[middle] <= target:
                low = middle
            else:
                high = middle
        span = lengths[high] - lengths[low]
        t = (target - lengths[low]) / span if span > 0 else 0.0
        (x0, y0), (x1, y1) = points[low], points[high]
        return (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t)

    return at


def _passable_within(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], centre: Hex) -> int:
    return sum(1 for h in hexgrid.disk(centre, FAIR_RADIUS) if h in grid.on_map and passable[tiles[h]])


def _rough_within(grid: _Grid, tiles: dict[Hex, str], centre: Hex) -> int:
    return sum(1 for h in hexgrid.disk(centre, FAIR_RADIUS) if h in grid.on_map and tiles[h] in _ROUGH)


def _place_capitals(
    grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], players: int, seed: int
) -> tuple[list[Hex], list[tuple[float, float]]]:
    """Capitals in ring order, and the ellipse points midway between neighbours (for neutral cities).

    Candidate rings are ellipses inset by a few margins, each turned to a few
    rotations. Among the evenly spaced ones (neighbour distances within one hex),
    the widest margin wins unless a narrower one puts neighbours clearly farther
    apart: on a flat map the roomy ellipse is too flat for three players.
    """
    side = min(grid.width, grid.height)
    # Keep each capital's fair disk on the map, and on big maps leave room behind it too.
    widest = max(2, min(FAIR_RADIUS + side // 20, (side - 4) // 3))
    jitter = randomness.uniform(seed, _KEY, "layout")
    candidates = []
    for rank, margin in enumerate(sorted({widest, max(2, widest - 1), max(2, widest - 2)}, reverse=True)):
        ellipse = _ellipse(grid, margin)
        for attempt in range(_LAYOUT_TRIES):
            shares = _even_shares(ellipse, players, (attempt + jitter) / (_LAYOUT_TRIES * players))
            capitals = [grid.nearest(*ellipse(share)) for share in shares]
            if len(set(capitals)) < players:
                continue
            distances = _ring_distances(capitals)
            # A capital whose fair disk the map edge cuts has less room, like a nearer rival.
            room = min(distances) - sum(max(0, FAIR_RADIUS - grid.edge_distance[c]) for c in capitals)
            land = [_passable_within(grid, tiles, passable, c) for c in capitals]
            rough = [_rough_within(grid, tiles, c) for c in capitals]
            repairs = max(land) - min(land) + max(rough) - min(rough)
            uneven = max(0, max(distances) - min(distances) - 1)
            candidates.append((uneven, rank, -room, repairs, attempt, capitals, shares, ellipse))
    if not candidates:  # pragma: no cover - the size checks leave room for distinct capitals
        raise ValueError("cannot place the capitals apart from each other on this map")
    fewest = min(c[0] for c in candidates)
    even = [c for c in candidates if c[0] == fewest]
    most_room = max(-c[2] for c in even)
    roomy = [c for c in even if -c[2] * 100 >= most_room * 100 - abs(most_room) * (100 - _ROOM_PERCENT)]
    *_, capitals, shares, ellipse = min(roomy, key=lambda c: c[:5])
    cx, cy = grid.centre()
    pull = 0.8 if players == 2 else 0.6  # neutral cities sit inside the ring, between two capitals
    anchors = []
    for i in range(players):
        following = shares[i + 1] if i + 1 < players else shares[0] + 1.0
        x, y = ellipse((shares[i] + following) / 2)
        anchors.append((cx + (x - cx) * pull, cy + (y - cy) * pull))
    return capitals, anchors


def _hex_span(a: tuple[float, float], b: tuple[float, float]) -> float:
    # Hex distance between two points of the plane, in fractional axial coordinates.
    dr = (b[1] - a[1]) / _ROW_HEIGHT
    dq = (b[0] - a[0]) - dr / 2
    return (abs(dq) + abs(dr) + abs(dq + dr)) / 2


def _even_shares(ellipse: Callable[[float], tuple[float, float]], players: int, offset: float) -> list[float]:
    """Perimeter shares of the capitals, the first at ``offset``, spaced so that neighbours are equally far apart.

    Equal steps along a flat ellipse give unequal hex distances between
    neighbours (three players get a 15-11-11 triangle), so each capital but
    the first slides towards whichever neighbour is farther, until they balance.
    """
    shares = [offset + i / players for i in range(players)]
    if players == 2:
        return shares  # opposite points of an ellipse are always evenly spaced
    for _ in range(_RELAX_ROUNDS):
        points = [ellipse(share) for share in shares]
        spans = [_hex_span(points[i], points[(i + 1) % players]) for i in range(players)]
        for i in range(1, players):
            following = shares[i + 1] if i + 1 < players else shares[0] + 1.0
            gap = (following - shares[i - 1]) / 2
            shares[i] += 0.8 * gap * (spans[i] - spans[i - 1]) / (spans[i] + spans[i - 1])
    return shares


def _is_clear(h: Hex, taken: list[Hex], gap: int) -> bool:
    return all(hexgrid.distance(h, other) >= gap for other in taken)


def _place_home_cities(grid: _Grid, capitals: list[Hex], distance: int, gap: int, taken: list[Hex]) -> list[list[Hex]]:
    homes = []
    for capital in capitals:
        own = _home_sites(grid, capital, [c for c in capitals if c != capital], distance, gap, taken)
        homes.append(own)
        taken.extend(own)
    return homes


def _home_sites(grid: _Grid, capital: Hex, rivals: list[Hex], distance: int, gap: int, taken: list[Hex]) -> list[Hex]:
    cx, cy = grid.centre()
    x, y = grid.xy[capital]
    dx, dy = x - cx, y - cy
    norm = _sqrt(dx * dx + dy * dy)
    ux, uy = (dx / norm, dy / norm) if norm > 0 else (1.0, 0.0)
    placed: list[Hex] = []

    def clear(h: Hex, apart: int) -> bool:
        return _is_clear(h, taken, apart) and _is_clear(h, placed, apart)

    def exact(h: Hex) -> bool:
        return hexgrid.distance(h, capital) == distance and clear(h, gap)

    def well_inside(h: Hex) -> bool:
        return all(hexgrid.distance(h, r) > distance + 1 for r in rivals)

    def nearer_own(h: Hex) -> bool:
        return all(hexgrid.distance(h, r) > hexgrid.distance(h, capital) for r in rivals)

    # Strictest first: exactly the common distance, off the rim, clearly this player's.
    rules: list[Callable[[Hex], bool]] = [
        lambda h: exact(h) and grid.edge_distance[h] >= 1 and well_inside(h),
        lambda h: exact(h) and nearer_own(h),
        lambda h: abs(hexgrid.distance(h, capital) - distance) <= 1 and nearer_own(h) and clear(h, 2),
        lambda h: clear(h, 2),
    ]
    # The same directions for everyone, so every player's core has the same shape.
    for turn in _HOME_TURNS:
        cosine, sine = _cos_sin(turn)
        target = (x + distance * (ux * cosine - uy * sine), y + distance * (ux * sine + uy * cosine))
        # The key is used at once, within this iteration, so it reads this iteration's target.
        placed.append(_best_site(grid, capital, lambda h: (_squared(grid.xy[h], target), h), rules, distance + 2))  # noqa: B023
    return placed


def _place_neutral_cities(
    grid: _Grid, capitals: list[Hex], anchors: list[tuple[float, float]], gap: int, taken: list[Hex]
) -> list[Hex]:
    neutrals = []
    for i, anchor in enumerate(anchors):
        left, right = capitals[i], capitals[(i + 1) % len(capitals)]
        centre = grid.nearest(*anchor)

        def rank(h: Hex) -> tuple[float, Hex]:
            # As near to both neighbouring capitals as possible, then as near the anchor.
            # (Used at once, within this iteration, so the loop's variables are this iteration's.)
            return (abs(hexgrid.distance(h, left) - hexgrid.distance(h, right))  # noqa: B023
                    + _squared(grid.xy[h], anchor) / 16, h)  # noqa: B023

        site = _best_site(
            grid,
            centre,
            rank,
            [
                lambda h: grid.edge_distance[h] >= 1 and _is_clear(h, taken, gap + 1),
                lambda h: _is_clear(h, taken, gap),
                lambda h: _is_clear(h, taken, 2),
            ],
            radius=4,
        )
        neutrals.append(site)
        taken.append(site)
    return neutrals


def _best_site(
    grid: _Grid, centre: Hex, rank: Callable[[Hex], tuple[float, Hex]], rules: list[Callable[[Hex], bool]], radius: int
) -> Hex:
    # Try each rule in turn near the centre, then anywhere on the map: small maps
    # cannot always meet the strict rules, and a slightly worse site beats failing.
    near = [h for h in hexgrid.disk(centre, radius) if h in grid.on_map]
    for pool in (near, grid.hexes):
        for rule in rules:
            candidates = [h for h in pool if rule(h)]
            if candidates:
                return min(candidates, key=rank)
    raise ValueError("no room left for a city on this map")  # pragma: no cover - 60 hexes a player leave room


# --- repairs ----------------------------------------------------------------------------------


def _clear_city_ground(
    grid: _Grid, tiles: dict[Hex, str], capitals: list[Hex], homes: list[Hex], neutrals: list[Hex]
) -> None:
    for capital in capitals:
        # Starting units stand around the capital; they must not begin in a lake or on a peak.
        for h in hexgrid.disk(capital, 1):
            if h in grid.on_map and tiles[h] in (WATER, MOUNTAINS, MARSH):
                tiles[h] = PLAINS
        for h in hexgrid.disk(capital, 2):
            if h in grid.on_map and tiles[h] == WATER:
                tiles[h] = PLAINS
    for h in [*capitals, *homes]:
        if tiles[h] not in (PLAINS, HILLS):
            tiles[h] = PLAINS
    for h in neutrals:
        if tiles[h] not in (PLAINS, HILLS, FOREST):
            tiles[h] = PLAINS


def _flood(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], start: Hex) -> set[Hex]:
    seen = {start}
    queue = deque([start])
    while queue:
        h = queue.popleft()
        for n in grid.neighbours(h):
            if n not in seen and passable[tiles[n]]:
                seen.add(n)
                queue.append(n)
    return seen


def _bridge(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], start: Hex, goal: set[Hex]) -> None:
    """Turn the fewest impassable hexes into plains to join ``start`` to ``goal``."""
    # 0-1 search: stepping onto land is free, onto water costs one converted hex.
    cost = {start: 0}
    came_from: dict[Hex, Hex] = {}
    queue = deque([start])
    end: Hex | None = None
    while queue:
        h = queue.popleft()
        if h in goal:
            end = h
            break
        for n in grid.neighbours(h):
            step = 0 if passable[tiles[n]] else 1
            total = cost[h] + step
            if total < cost.get(n, 1 << 30):
                cost[n] = total
                came_from[n] = h
                if step:
                    queue.append(n)
                else:
                    queue.appendleft(n)
    assert end is not None  # the rectangle is connected
    h = end
    while h != start:
        if not passable[tiles[h]]:
            tiles[h] = PLAINS
        h = came_from[h]


def _connect_land(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], cities: list[Hex]) -> None:
    main = _flood(grid, tiles, passable, cities[0])
    for city in cities[1:]:
        if city not in main:
            _bridge(grid, tiles, passable, city, main)
            main = _flood(grid, tiles, passable, cities[0])
    # Land nobody can reach is dead space: small islands are drowned, large ones joined on.
    for h in grid.hexes:
        if h in main or not passable[tiles[h]]:
            continue
        island = _flood(grid, tiles, passable, h)
        if len(island) < SMALL_ISLAND:
            for i in island:
                tiles[i] = WATER
        else:
            _bridge(grid, tiles, passable, h, main)
            main = _flood(grid, tiles, passable, cities[0])


def _equalise_capital_land(
    grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], capitals: list[Hex], cities: set[Hex]
) -> None:
    # Every capital gets the same passable land within FAIR_RADIUS: as much as the best
    # one has, unless the map edge cuts a disk, which caps them all at the smallest disk.
    # Water is filled nearest-first, which keeps the new land joined to the capital;
    # land is drowned farthest-first, outside other capitals' disks if it can be, and
    # only where that cannot cut any land in two.
    # Disks overlap on small maps, so this settles over a few rounds.
    sizes = [sum(1 for h in hexgrid.disk(c, FAIR_RADIUS) if h in grid.on_map) for c in capitals]
    for _ in range(2 * len(capitals)):
        land = [_passable_within(grid, tiles, passable, c) for c in capitals]
        target = min(max(land), min(sizes))
        if all(n == target for n in land):
            break
        for capital, count in zip(capitals, land):
            disk = [h for h in hexgrid.disk(capital, FAIR_RADIUS) if h in grid.on_map]
            if count < target:
                water = sorted(
                    (h for h in disk if not passable[tiles[h]]), key=lambda h: (hexgrid.distance(h, capital), h)
                )
                for h in water[: target - count]:
                    tiles[h] = PLAINS
            elif count > target:
                def drown_first(h: Hex, capital: Hex = capital) -> tuple[int, int, Hex]:
                    shared = sum(1 for c in capitals if c != capital and hexgrid.distance(h, c) <= FAIR_RADIUS)
                    return (shared, -hexgrid.distance(h, capital), h)

                shore = sorted((h for h in disk if passable[tiles[h]]), key=drown_first)
                for h in shore:
                    if count == target:
                        break
                    if _can_drown(grid, tiles, passable, h, capitals, cities):
                        tiles[h] = WATER
                        count -= 1
    # Then lower every capital to the least slow ground any of them has, smoothing the
    # nearest mountains and marsh first; counts only fall, so this settles too.
    for _ in range(2 * len(capitals)):
        rough = [_rough_within(grid, tiles, c) for c in capitals]
        target = min(rough)
        if all(n == target for n in rough):
            break
        for capital, count in zip(capitals, rough):
            slow = sorted(
                (h for h in hexgrid.disk(capital, FAIR_RADIUS) if h in grid.on_map and tiles[h] in _ROUGH),
                key=lambda h: (hexgrid.distance(h, capital), h),
            )
            for h in slow[: count - target]:
                tiles[h] = _ROUGH[tiles[h]]


def _can_drown(
    grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], h: Hex, capitals: list[Hex], cities: set[Hex]
) -> bool:
    if h in cities or any(hexgrid.distance(h, c) <= 2 for c in capitals):
        return False
    ring = [n in grid.on_map and passable[tiles[n]] for n in hexgrid.neighbours(h)]
    # Neighbours follow each other around the ring, so if the land around h is one
    # unbroken run, anything that went through h can go around it instead.
    runs = sum(1 for i in range(6) if ring[i] and not ring[(i + 1) % 6])
    return runs == 1


def _even_out_open_ground(grid: _Grid, tiles: dict[Hex, str], capitals: list[Hex], cities: set[Hex]) -> None:
    # Open ground (plains) is where armies move fast, so every capital should have about
    # as much as the average capital: those short of it clear forest and hills near
    # home, those over it grow forest at the far side of their disk. Aiming at the
    # average moves the map's share of plains little; disks overlap on small maps, so
    # this aims within a tolerance of a fixed target rather than at equality.
    def plains_within(capital: Hex) -> int:
        return sum(1 for h in hexgrid.disk(capital, FAIR_RADIUS) if h in grid.on_map and tiles[h] == PLAINS)

    target = (2 * sum(plains_within(c) for c in capitals) + len(capitals)) // (2 * len(capitals))

    def shared(h: Hex, capital: Hex) -> int:
        return sum(1 for c in capitals if c != capital and hexgrid.distance(h, c) <= FAIR_RADIUS)

    # Changes go where they move no other capital's count, or one capital's clearing
    # would push its neighbour into planting, round after round. Fields are cleared
    # near the capital; new forest grows far out, next to woods.
    def tameness(capital: Hex) -> Callable[[Hex], tuple[int, int, Hex]]:
        return lambda h: (shared(h, capital), hexgrid.distance(h, capital), h)

    def wildness(capital: Hex) -> Callable[[Hex], tuple[int, int, int, Hex]]:
        def key(h: Hex) -> tuple[int, int, int, Hex]:
            woods = sum(1 for n in grid.neighbours(h) if tiles[n] == FOREST)
            return (shared(h, capital), -hexgrid.distance(h, capital), -woods, h)

        return key

    for _ in range(2 * len(capitals)):
        if all(abs(plains_within(c) - target) <= OPEN_GROUND_TOLERANCE for c in capitals):
            return
        for capital in capitals:
            count = plains_within(capital)
            disk = [h for h in hexgrid.disk(capital, FAIR_RADIUS) if h in grid.on_map and h not in cities]
            if count < target - OPEN_GROUND_TOLERANCE:
                cleared = sorted((h for h in disk if tiles[h] in (FOREST, HILLS)), key=tameness(capital))
                for h in cleared[: target - count]:
                    tiles[h] = PLAINS
            elif count > target + OPEN_GROUND_TOLERANCE:
                grown = sorted(
                    (h for h in disk if tiles[h] == PLAINS and hexgrid.distance(h, capital) > 1), key=wildness(capital)
                )
                for h in grown[: count - target]:
                    tiles[h] = FOREST


# --- rivers -----------------------------------------------------------------------------------


def _distance_to_water(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool]) -> dict[Hex, int]:
    # The map edge counts as water too: a river may run off the map.
    distance: dict[Hex, int] = {}
    queue: deque[Hex] = deque()
    for h in grid.hexes:
        if not passable[tiles[h]]:
            distance[h] = 0
            queue.append(h)
        elif grid.edge_distance[h] == 0:
            distance[h] = 1
            queue.append(h)
    while queue:
        h = queue.popleft()
        for n in grid.neighbours(h):
            if n not in distance:
                distance[n] = distance[h] + 1
                queue.append(n)
    return distance


def _draw_rivers(grid: _Grid, tiles: dict[Hex, str], passable: dict[str, bool], seed: int) -> set[Edge]:
    """Rivers as chains of edges between land hexes, from high ground down to water.

    A river runs along hex borders, so it walks from corner to corner. A corner is
    the sorted triple of hexes that meet there; leaving corner (a, b, c) along the
    border of a and b reaches corner (a, b, a + b - c).
    """
    depth = _distance_to_water(grid, tiles, passable)
    land = sum(1 for h in grid.hexes if passable[tiles[h]])
    wanted = max(2, (land + 150) // 300)
    # Springs rise far from water, best in the hills.
    highland = {h for h in grid.hexes if tiles[h] in (HILLS, MOUNTAINS)}
    sources = sorted(
        (h for h in grid.hexes if passable[tiles[h]] and depth[h] >= 3),
        key=lambda h: (-depth[h] - (4 if h in highland else 0) - 3 * randomness.uniform(seed, _KEY, "source", h), h),
    )
    rivers: set[Edge] = set()
    banks: set[Hex] = set()  # hexes on or next to a river: later rivers keep off them or join
    spacing = max(4, min(grid.width, grid.height) // 4)
    starts: list[Hex] = []
    for source in sources:
        if len(starts) >= wanted:
            break
        if source in banks or any(hexgrid.distance(source, s) < spacing for s in starts):
            continue
        course = _river_course(grid, tiles, passable, depth, seed, source, len(starts), rivers, banks)
        if len(course) < 4:
            continue
        starts.append(source)
        rivers.update(course)
        for e in course:
            for h in e:
                banks.add(h)
                banks.update(hexgrid.neighbours(h))
    return rivers


def _river_course(
    grid: _Grid,
    tiles: dict[Hex, str],
    passable: dict[str, bool],
    depth: dict[Hex, int],
    seed: int,
    source: Hex,
    index: int,
    earlier: set[Edge],
    banks: set[Hex],
) -> list[Edge]:
    def is_land(h: Hex) -> bool:
        return h in grid.on_map and passable[tiles[h]]

    q, r = source
    (east_q, east_r), (north_q, north_r) = hexgrid.DIRECTIONS[0], hexgrid.DIRECTIONS[1]
    corner: tuple[Hex, ...] = tuple(sorted((source, (q + east_q, r + east_r), (q + north_q, r + north_r))))
    if not all(is_land(h) for h in corner):
        return []
    visited = {corner}
    course: list[Edge] = []
    for step in range(grid.width + grid.height):
        options = []
        for drop in range(3):
            a, b = (corner[i] for i in range(3) if i != drop)
            c = corner[drop]
            d = (a[0] + b[0] - c[0], a[1] + b[1] - c[1])
            following = tuple(sorted((a, b, d)))
            if following in visited or not (is_land(a) and is_land(b)):
                continue
            # Downhill is towards water; a little chance makes it meander, and running
            # alongside an earlier river costs extra, so rivers stay apart or join.
            height = depth[a] + depth[b] + (depth[d] if d in grid.on_map else 0)
            wiggle = randomness.uniform(seed, _KEY, "river", index, step, drop)
            crowding = 3.0 if d in banks and hexgrid.edge(a, b) not in earlier else 0.0
            options.append((height + 1.5 * wiggle + crowding, following, hexgrid.edge(a, b), d))
        if not options:
            break
        _, corner, crossed, far = min(options)
        if crossed in earlier:
            break  # joined an earlier river as a tributary
        course.append(crossed)
        visited.add(corner)
        if not is_land(far):
            break  # reached the sea, a lake or the map edge
        first, second, third = corner
        if any(hexgrid.edge(x, y) in earlier for x, y in ((first, second), (first, third), (second, third))):
            break  # reached a corner of an earlier river: a confluence
    return course


# --- roads ------------------------------------------------------------------------------------


def _build_roads(
    grid: _Grid,
    tiles: dict[Hex, str],
    ruleset: Ruleset,
    rivers: set[Edge],
    capitals: list[Hex],
    homes: list[list[Hex]],
    neutrals: list[Hex],
) -> set[Edge]:
    roads: set[Edge] = set()
    links = [(capital, home) for capital, own in zip(capitals, homes) for home in own]
    pairs = [(capitals[0], capitals[1])] if len(capitals) == 2 else list(zip(capitals, capitals[1:] + capitals[:1]))
    links.extend(pairs)
    for start, goal in links:
        roads.update(_cheapest_path(grid, tiles, ruleset, rivers, roads, start, {goal}, goal))
    # Neutral cities get a spur to the nearest road, wherever that is.
    for neutral in neutrals:
        on_road = {h for e in roads for h in e}
        roads.update(_cheapest_path(grid, tiles, ruleset, rivers, roads, neutral, on_road, None))
    return roads


def _cheapest_path(
    grid: _Grid,
    tiles: dict[Hex, str],
    ruleset: Ruleset,
    rivers: set[Edge],
    roads: set[Edge],
    start: Hex,
    goals: set[Hex],
    aim: Hex | None,
) -> list[Edge]:
    """Edges of the cheapest land path to any of ``goals`` by the movement rules.

    Existing roads are cheap to follow, so new roads merge into old ones. With a
    single goal, ``aim`` names it and the search is A*.
    """
    if start in goals:
        return []
    road_cost = ruleset.movement.road_cost
    river_cost = ruleset.movement.river_cost
    cost_of = {name: terrain.move_cost for name, terrain in ruleset.terrain.items()}
    best = {start: 0}
    came_from: dict[Hex, Hex] = {}
    frontier = [(0, 0, start)]
    end: Hex | None = None
    while frontier:
        _, cost, h = heapq.heappop(frontier)
        if cost > best[h]:
            continue
        if h in goals:
            end = h
            break
        for n in grid.neighbours(h):
            enter = cost_of[tiles[n]]
            if enter <= 0:
                continue
            e = hexgrid.edge(h, n)
            step = road_cost if e in roads else enter + (river_cost if e in rivers else 0)
            total = cost + step
            if total < best.get(n, 1 << 30):
                best[n] = total
                came_from[n] = h
                # Roads are the cheapest step, so this estimate never overshoots.
                estimate = total + (hexgrid.distance(n, aim) * road_cost if aim is not None else 0)
                heapq.heappush(frontier, (estimate, total, n))
    if end is None:  # pragma: no cover - every city was joined to the main land
        raise AssertionError(f"no land path from {start}")
    edges = []
    h = end
    while h != start:
        edges.append(hexgrid.edge(h, came_from[h]))
        h = came_from[h]
    return edges


# --- names ------------------------------------------------------------------------------------

_ONSETS = (
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    "br", "dr", "gr", "kr", "st", "tr", "th", "sh", "vel",
)
_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o", "ai", "au", "ei", "ia", "ou")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "nd", "rn", "th", "st")


def _city_name(seed: int, index: int, attempt: int) -> str:
    def pick(options: tuple[str, ...], *key: object) -> str:
        return options[randomness.below(seed, len(options), _KEY, "name", index, attempt, *key)]

    syllables = 2 + (randomness.below(seed, 10, _KEY, "name", index, attempt, "length") < 2)
    text = "".join(pick(_ONSETS, "onset", i) + pick(_VOWELS, "vowel", i) for i in range(syllables))
    return (text + pick(_CODAS, "coda")).capitalize()


def _name_cities(ruleset: Ruleset, seed: int, capitals: list[Hex], homes: list[list[Hex]], neutrals: list[Hex]) -> list[CitySite]:
    used: set[str] = set()

    def fresh(index: int) -> str:
        attempt = 0
        while True:
            name = _city_name(seed, index, attempt)
            if name not in used and len(name) <= 10:
                used.add(name)
                return name
            attempt += 1

    cities = []
    index = 0
    for player, (capital, own) in enumerate(zip(capitals, homes)):
        cities.append(CitySite(at=capital, name=fresh(index), income=ruleset.maps.capital_income, home=player,
                               is_capital=True))
        index += 1
        for home in own:
            cities.append(CitySite(at=home, name=fresh(index), income=ruleset.maps.home_income, home=player,
                                   is_capital=False))
            index += 1
    for neutral in neutrals:
        cities.append(CitySite(at=neutral, name=fresh(index), income=ruleset.maps.neutral_income, home=None,
                               is_capital=False))
        index += 1
    return cities

