"""Small hand-built worlds for rule scenario tests.

A test draws a tiny map as text, places units exactly where it wants them,
and resolves one turn with orders in the canonical notation.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from game.assets import load_ruleset
from game.rules.hexgrid import Hex, offset_to_axial, parse_hex
from game.rules.mapdata import GameMap
from game.rules.observation import observe
from game.rules.orders import parse_orders
from game.rules.resolve import Resolution, resolve_checked
from game.rules.ruleset import Ruleset
from game.rules.scenario import Scenario
from game.rules.setup import new_game
from game.rules.state import GameState, Unit

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# Seven columns, three rows of plains; player 0's cities in the west, player 1's in the east.
PLAINS = """
. . . . . . .
 . . . . . . .
. . . . . . .
"""


@lru_cache(maxsize=1)
def ruleset() -> Ruleset:
    data = [tomllib.loads((ASSETS / f"{name}.toml").read_text()) for name in ("terrain", "units", "rules")]
    return Ruleset.from_mappings(*data)


def hx(col: int, row: int) -> Hex:
    """The axial hex of a text-grid cell (column, row)."""
    return offset_to_axial(col, row)


def make_scenario(
    grid: str = PLAINS,
    *,
    cities: list[tuple[str, int | None]] | None = None,
    rivers: list[str] = (),  # type: ignore[assignment]
    roads: list[list[str]] = (),  # type: ignore[assignment]
    players: int = 2,
    offense_defense: float = 0.0,
    distinguishability: float = 0.5,
    turns: int = 20,
    revisionists: tuple[int, int] = (0, 0),
    technology: str = "balanced",
) -> Scenario:
    """A scenario on a drawn map. ``cities`` lists ("q,r", home player or None)."""
    if cities is None:
        cities = [(_text(hx(0, 1)), 0), (_text(hx(6, 1)), 1)]
    map_data = {
        "name": "test",
        "players": players,
        "grid": grid,
        "rivers": list(rivers),
        "roads": [list(r) for r in roads],
        "cities": [{"at": at, "name": f"City{i}", "income": 5, **({"home": home} if home is not None else {})}
                   for i, (at, home) in enumerate(cities)],
    }
    rules = ruleset() if technology == "balanced" else load_ruleset(ASSETS, technology)
    game_map = GameMap.from_mapping(map_data, rules)
    return Scenario.from_mapping(
        {"name": "test", "title": "Test", "turns": turns, "offense_defense": offense_defense,
         "distinguishability": distinguishability, "revisionists": list(revisionists),
         "starting_treasury": 20, "starting_units": []},
        game_map, rules,
    )


def _text(h: Hex) -> str:
    return f"{h[0]},{h[1]}"


def start(scenario: Scenario, units: list[tuple[str, str, Hex]] = (), seed: int = 1, **unit_fields) -> GameState:  # type: ignore[assignment]
    """A new game with exactly these units: (id, kind, hex); the id's letter names the owner."""
    state = new_game(scenario, seed)
    return place(state, units, **unit_fields)


def place(state: GameState, units: list[tuple[str, str, Hex]], **unit_fields) -> GameState:  # type: ignore[no-untyped-def]
    full = state.scenario.ruleset.combat.strength_max
    placed = {}
    for uid, kind, at in units:
        owner = "abcdefgh".index(uid[0])
        fields = {"strength": full, **unit_fields.get(uid, {})}
        placed[uid] = Unit(uid, owner, kind, at, **fields)
    players = tuple(replace(p, next_serial=100) for p in state.players)
    return observe(replace(state, units=placed, players=players))


def turn(state: GameState, orders: dict[int, str]) -> Resolution:
    """Resolve one turn from order text per player (checked against each player's view)."""
    return resolve_checked(state, {p: parse_orders(text) for p, text in orders.items()})


def events_of(resolution: Resolution, kind: str) -> list:
    return [e for e in resolution.events if e.kind == kind]


def at(text: str) -> Hex:
    return parse_hex(text)
