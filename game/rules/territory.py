"""Territory and border zones, derived from who owns which city.

* A hex's *territory owner* is the owner of its nearest city within
  ``territory_radius``; if several cities are nearest and they have different
  owners (or none), the hex belongs to nobody.
* The *border zone* between two players is the band of hexes roughly as close
  to one's cities as to the other's: ``|dA - dB| <= border_depth``, where dA and
  dB are the distances to each player's nearest city, and no third player's city
  is nearer than both. Arms caps count units there and inspections open it up.

City ownership changes rarely, so both are cached per ownership on the board.
"""

from __future__ import annotations

from game.rules.board import Board
from game.rules.hexgrid import Hex, distance
from game.rules.state import GameState, PlayerId


def territory_owner(state: GameState, h: Hex) -> PlayerId | None:
    cities = state.scenario.board.nearest_cities.get(h, ())
    owners = {state.city_owner[c] for c in cities}
    return owners.pop() if len(owners) == 1 else None


def border_zone(state: GameState, a: PlayerId, b: PlayerId) -> frozenset[Hex]:
    """Hexes between players ``a`` and ``b`` (the same set whichever is named first)."""
    a, b = min(a, b), max(a, b)
    owners = tuple(sorted(state.city_owner.items()))
    cache = state.scenario.board.cache
    key = ("border", owners, a, b)
    zone = cache.get(key)
    if zone is None:
        zone = cache[key] = _band(state, _distances(state, owners), a, b)
    return zone  # type: ignore[return-value]


def _distances(state: GameState, owners: tuple[tuple[Hex, PlayerId | None], ...]) -> dict[PlayerId, dict[Hex, int]]:
    cache = state.scenario.board.cache
    key = ("border-distances", owners)
    found = cache.get(key)
    if found is None:
        board = state.scenario.board
        by_player: dict[PlayerId, list[Hex]] = {}
        for city, owner in owners:
            if owner is not None:
                by_player.setdefault(owner, []).append(city)
        hexes = _passable(board)
        # Each player's distance to its nearest city, hex by hex: the least of its cities' rows, in C.
        distances: dict[PlayerId, dict[Hex, int]] = {}
        for player, cities in by_player.items():
            rows = [_distance_row(board, c) for c in cities]
            distances[player] = dict(zip(hexes, map(min, *rows) if len(rows) > 1 else rows[0]))
        found = cache[key] = distances
    return found  # type: ignore[return-value]


def _passable(board: Board) -> tuple[Hex, ...]:
    found = board.cache.get(("passable",))
    if found is None:
        found = board.cache[("passable",)] = tuple(h for h in board.terrain if board.is_passable(h))
    return found  # type: ignore[return-value]


def _distance_row(board: Board, city: Hex) -> tuple[int, ...]:
    # A city's distance to every passable hex, in _passable's order. The map never changes, so
    # each is made once; a change of ownership only picks other rows.
    key = ("distance-row", city)
    found = board.cache.get(key)
    if found is None:
        found = board.cache[key] = tuple(distance(h, city) for h in _passable(board))
    return found  # type: ignore[return-value]


def _band(state: GameState, distances: dict[PlayerId, dict[Hex, int]], a: PlayerId, b: PlayerId) -> frozenset[Hex]:
    if a not in distances or b not in distances:
        return frozenset()
    depth = state.scenario.ruleset.agreements.border_depth
    others = [d for p, d in distances.items() if p not in (a, b)]
    zone = set()
    for h, da in distances[a].items():
        db = distances[b][h]
        if abs(da - db) <= depth and all(d[h] >= min(da, db) for d in others):
            zone.add(h)
    return frozenset(zone)
