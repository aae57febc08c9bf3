"""A map joined with the ruleset: the static geometry the engine looks up.

Built once per scenario. Everything here is derived from the map file and the
terrain table and never changes during a match, so it is computed eagerly and
shared by every state of the match.
"""

from __future__ import annotations

import heapq

from game.rules import hexgrid
from game.rules.hexgrid import Hex
from game.rules.mapdata import CitySite, GameMap
from game.rules.ruleset import Ruleset, TerrainClass


class Board:
    __slots__ = ("map", "ruleset", "terrain", "steps", "cities", "nearest_cities", "_disks", "_rings", "_reach", "memo", "zones")

    def __init__(self, game_map: GameMap, ruleset: Ruleset) -> None:
        self.map = game_map
        self.ruleset = ruleset
        self.terrain: dict[Hex, TerrainClass] = {h: ruleset.terrain[name] for h, name in game_map.tiles.items()}
        self.cities: dict[Hex, CitySite] = {c.at: c for c in game_map.cities}
        movement = ruleset.movement
        # steps[h]: (neighbour, half-points to enter it from h, whether a river is crossed)
        self.steps: dict[Hex, tuple[tuple[Hex, int, bool], ...]] = {}
        for h, terrain in self.terrain.items():
            if not terrain.is_passable:
                self.steps[h] = ()
                continue
            out = []
            for n in hexgrid.neighbours(h):
                target = self.terrain.get(n)
                if target is None or not target.is_passable:
                    continue
                e = hexgrid.edge(h, n)
                cost = movement.road_cost if e in game_map.roads else target.move_cost
                crosses = e in game_map.rivers
                if crosses and e not in game_map.roads:  # a road bridges the river
                    cost += movement.river_cost
                out.append((n, cost, crosses))
            self.steps[h] = tuple(out)
        self._disks: dict[tuple[Hex, int], tuple[Hex, ...]] = {}
        self._rings: dict[tuple[Hex, int], tuple[tuple[Hex, int], ...]] = {}
        self._reach: dict[tuple[Hex, int], dict[Hex, int]] = {}
        self.nearest_cities = self._nearest_cities(ruleset.agreements.territory_radius)
        self.memo: dict[object, object] = {}  # paths, cached by Board.path
        self.zones: dict[object, object] = {}  # border zones by city ownership (territory.py)

    def is_passable(self, h: Hex) -> bool:
        terrain = self.terrain.get(h)
        return terrain is not None and terrain.is_passable

    def within(self, centre: Hex, radius: int) -> tuple[Hex, ...]:
        """On-map hexes within ``radius`` of ``centre`` (cached: sight uses it every turn)."""
        key = (centre, radius)
        found = self._disks.get(key)
        if found is None:
            found = tuple(h for h in hexgrid.disk(centre, radius) if h in self.terrain)
            self._disks[key] = found
        return found

    def within_by_distance(self, centre: Hex, radius: int) -> tuple[tuple[Hex, int], ...]:
        """Like ``within``, with each hex's distance from the centre."""
        key = (centre, radius)
        found = self._rings.get(key)
        if found is None:
            found = tuple((h, hexgrid.distance(h, centre)) for h in self.within(centre, radius))
            self._rings[key] = found
        return found

    def _nearest_cities(self, radius: int) -> dict[Hex, tuple[Hex, ...]]:
        # Every city tied for nearest, within the radius: whether a tie splits the hex
        # depends on who owns those cities, which changes during a match.
        best: dict[Hex, tuple[int, list[Hex]]] = {}
        for site in self.map.cities:
            for h in self.within(site.at, radius):
                d = hexgrid.distance(h, site.at)
                current = best.get(h)
                if current is None or d < current[0]:
                    best[h] = (d, [site.at])
                elif d == current[0]:
                    current[1].append(site.at)
        return {h: tuple(sorted(best[h][1])) if h in best else () for h in self.terrain}

    def reachable(self, start: Hex, budget: int) -> dict[Hex, int]:
        """Hexes a unit with ``budget`` half-points can reach from ``start``, with their cost.

        A unit may always move one hex to a passable neighbour, however costly:
        otherwise slow units could never enter mountains. Other units are ignored;
        who blocks whom is settled when moves are resolved.
        """
        key = (start, budget)
        cached = self._reach.get(key)
        if cached is not None:
            return cached
        costs = {start: 0}
        self._reach[key] = costs  # the map never changes, so neither does the answer
        if budget <= 0:
            return costs
        frontier = [(0, start)]
        while frontier:
            cost, h = heapq.heappop(frontier)
            if cost > costs[h]:
                continue
            for n, step, _ in self.steps[h]:
                total = cost + step
                if total > budget and h != start:
                    continue
                if h == start and total > budget:
                    total = budget  # the free first step uses the whole turn
                if total < costs.get(n, 1 << 30):
                    costs[n] = total
                    heapq.heappush(frontier, (total, n))
        return costs

    def path(self, start: Hex, goal: Hex, budget: int, avoid: frozenset[Hex] | set[Hex] = frozenset()) -> tuple[Hex, ...] | None:
        """The cheapest path from ``start`` to ``goal`` (excluding ``start``) not entering ``avoid``, or None.

        Ties between equally cheap paths are broken by comparing hexes, so the
        path is the same on every machine.
        """
        if start == goal:
            return ()
        if not avoid:
            key = ("path", start, goal, budget)
            if key not in self.memo:
                self.memo[key] = self._path(start, goal, budget, avoid)
            return self.memo[key]  # type: ignore[return-value]
        return self._path(start, goal, budget, avoid)

    def _path(self, start: Hex, goal: Hex, budget: int, avoid: frozenset[Hex] | set[Hex]) -> tuple[Hex, ...] | None:
        costs: dict[Hex, int] = {start: 0}
        came_from: dict[Hex, Hex] = {}
        frontier = [(0, start)]
        while frontier:
            cost, h = heapq.heappop(frontier)
            if h == goal:
                break
            if cost > costs[h]:
                continue
            for n, step, _ in self.steps[h]:
                if n in avoid:
                    continue
                total = cost + step
                if total > budget:
                    if h != start:
                        continue
                    total = budget
                if total < costs.get(n, 1 << 30) or (total == costs.get(n) and h < came_from.get(n, h)):
                    costs[n] = total
                    came_from[n] = h
                    heapq.heappush(frontier, (total, n))
        if goal not in came_from:
            return None
        path = [goal]
        while path[-1] in came_from and came_from[path[-1]] != start:
            path.append(came_from[path[-1]])
        return tuple(reversed(path))
