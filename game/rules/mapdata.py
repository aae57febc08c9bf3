"""Maps: terrain per hex, rivers and roads on edges, city sites.

A map file is TOML with a text grid (one character per hex, "odd-r" offset
rows, spaces ignored) whose characters are terrain codes from terrain.toml::

    name = "Duel"
    players = 2
    grid = '''
    . . f h
     . ~ . .
    '''
    rivers = ["0,0|1,0"]              # edges between adjacent hexes
    roads = [["0,0", "1,0", "2,0"]]   # each a path of adjacent hexes
    [[cities]]
    at = "0,0"                        # axial q,r
    name = "Aster"
    income = 6
    home = 0                          # the player whose home city it is (omit: neutral)
    capital = true
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from game.rules import hexgrid
from game.rules.fields import Problems, field, unknown_keys
from game.rules.hexgrid import Edge, Hex
from game.rules.ruleset import Ruleset

PlayerId = int


@dataclass(frozen=True, slots=True)
class CitySite:
    at: Hex
    name: str
    income: int
    home: PlayerId | None
    is_capital: bool


@dataclass(frozen=True, slots=True)
class GameMap:
    name: str
    players: int
    tiles: Mapping[Hex, str]  # hex -> terrain class name
    rivers: frozenset[Edge]
    roads: frozenset[Edge]
    cities: tuple[CitySite, ...]

    def homes_of(self, player: PlayerId) -> tuple[CitySite, ...]:
        return tuple(c for c in self.cities if c.home == player)

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], ruleset: Ruleset, *, where: str = "map", problems: Problems | None = None
    ) -> GameMap:
        """Parse a map file's contents against the ruleset's terrain codes.

        Raises:
            AssetError: listing every problem found.
        """
        own = problems is None
        problems = problems or Problems()
        unknown_keys(problems, data, {"name", "players", "grid", "rivers", "roads", "cities", "description"}, where)
        name = field(problems, data, "name", str, where)
        players = field(problems, data, "players", int, where, low=1, high=8)
        codes = ruleset.terrain_for_code()
        tiles: dict[Hex, str] = {}
        grid = field(problems, data, "grid", str, where)
        rows = [line for line in grid.splitlines() if line.strip()]
        for row, line in enumerate(rows):
            for col, character in enumerate(line.split()):
                terrain = codes.get(character)
                if terrain is None:
                    problems.add(f"{where}.grid", f"row {row} column {col}: unknown terrain code {character!r}")
                    continue
                tiles[hexgrid.offset_to_axial(col, row)] = terrain.name
        rivers = _parse_edges(problems, data.get("rivers", []), tiles, f"{where}.rivers")
        roads: set[Edge] = set()
        for index, path in enumerate(data.get("roads", [])):
            at = f"{where}.roads[{index}]"
            hexes = _parse_hexes(problems, path, tiles, at)
            for a, b in zip(hexes, hexes[1:]):
                if hexgrid.are_adjacent(a, b):
                    roads.add(hexgrid.edge(a, b))
                else:
                    problems.add(at, f"{hexgrid.format_hex(a)} and {hexgrid.format_hex(b)} are not adjacent")
        cities = []
        for index, entry in enumerate(data.get("cities", [])):
            at = f"{where}.cities[{index}]"
            if not isinstance(entry, Mapping):
                problems.add(at, "expected a table")
                continue
            unknown_keys(problems, entry, {"at", "name", "income", "home", "capital"}, at)
            hexes = _parse_hexes(problems, [entry.get("at", "")], tiles, at)
            home = entry.get("home")
            if home is not None and (not isinstance(home, int) or isinstance(home, bool) or not 0 <= home < max(players, 1)):
                problems.add(f"{at}.home", f"not a player of this map: {home!r}")
                home = None
            if hexes and not ruleset.terrain[tiles[hexes[0]]].is_passable:
                problems.add(f"{at}.at", "a city cannot stand on impassable terrain")
            if hexes:
                cities.append(
                    CitySite(
                        at=hexes[0],
                        name=field(problems, entry, "name", str, at),
                        income=field(problems, entry, "income", int, at, low=0, high=100),
                        home=home,
                        is_capital=bool(entry.get("capital", False)),
                    )
                )
        if len({c.at for c in cities}) != len(cities):
            problems.add(f"{where}.cities", "two cities on one hex")
        for player in range(players):
            if not any(c.home == player for c in cities):
                problems.add(f"{where}.cities", f"player {player} has no home city")
        if own:
            problems.raise_if_any()
        return cls(
            name=name,
            players=players,
            tiles=tiles,
            rivers=frozenset(rivers),
            roads=frozenset(roads),
            cities=tuple(sorted(cities, key=lambda c: c.at)),
        )

    def to_mapping(self, ruleset: Ruleset) -> dict[str, Any]:
        """The map as a map file's contents (the inverse of ``from_mapping``)."""
        code_of = {t.name: t.code for t in ruleset.terrain.values()}
        cols = [hexgrid.axial_to_offset(h) for h in self.tiles]
        width = max(c for c, _ in cols) + 1
        height = max(r for _, r in cols) + 1
        lines = []
        for row in range(height):
            cells = []
            for col in range(width):
                terrain = self.tiles.get(hexgrid.offset_to_axial(col, row))
                cells.append(code_of[terrain] if terrain else code_of.get("water", "~"))
            lines.append((" " if row & 1 else "") + " ".join(cells))
        result: dict[str, Any] = {
            "name": self.name,
            "players": self.players,
            "grid": "\n" + "\n".join(lines) + "\n",
            "rivers": [hexgrid.format_edge(e) for e in sorted(self.rivers)],
            "roads": [[hexgrid.format_hex(a), hexgrid.format_hex(b)] for a, b in sorted(self.roads)],
            "cities": [],
        }
        for city in self.cities:
            entry: dict[str, Any] = {"at": hexgrid.format_hex(city.at), "name": city.name, "income": city.income}
            if city.home is not None:
                entry["home"] = city.home
            if city.is_capital:
                entry["capital"] = True
            result["cities"].append(entry)
        return result


def _parse_hexes(problems: Problems, raw: Any, tiles: Mapping[Hex, str], where: str) -> list[Hex]:
    hexes: list[Hex] = []
    if not isinstance(raw, list):
        problems.add(where, f"expected a list of 'q,r' hexes, got {raw!r}")
        return hexes
    for text in raw:
        try:
            h = hexgrid.parse_hex(str(text))
        except ValueError as error:
            problems.add(where, str(error))
            continue
        if h not in tiles:
            problems.add(where, f"{text!r} is off the map")
            continue
        hexes.append(h)
    return hexes


def _parse_edges(problems: Problems, raw: Any, tiles: Mapping[Hex, str], where: str) -> set[Edge]:
    edges: set[Edge] = set()
    if not isinstance(raw, list):
        problems.add(where, "expected a list of 'q,r|q,r' edges")
        return edges
    for text in raw:
        try:
            e = hexgrid.parse_edge(str(text))
        except ValueError as error:
            problems.add(where, str(error))
            continue
        if e[0] not in tiles or e[1] not in tiles:
            problems.add(where, f"{text!r} is off the map")
            continue
        edges.add(e)
    return edges
