"""A map joined with the ruleset: the static geometry the engine looks up.

Built once per scenario. Everything here is derived from the map file and the
terrain table and never changes during a match, so it is computed eagerly and
shared by every state of the match.
"""

from __future__ import annotations

import heapq
from typing import Sequence

from game.rules import hexgrid
from game.rules.hexgrid import Hex
from game.rules.mapdata import CitySite, GameMap
from game.rules.ruleset import Ruleset, TerrainClass

# A search from one hex with one budget: the cost of each reachable hex, its parents on cheapest
# paths, the reachable hexes sorted, and the plain paths found so far.
SearchTree = tuple[dict[Hex, int], dict[Hex, tuple[Hex, ...]], tuple[Hex, ...], dict[Hex, tuple[Hex, ...]]]


class Board:
    __slots__ = ("map", "ruleset", "terrain", "steps", "cities", "nearest_cities", "_canonical", "_disks", "_sets",
                 "_reach", "cache", "hex_text")

    def __init__(self, game_map: GameMap, ruleset: Ruleset) -> None:
        self.map = game_map
        self.ruleset = ruleset
        self.terrain: dict[Hex, TerrainClass] = {h: ruleset.terrain[name] for h, name in game_map.tiles.items()}
        # One tuple object per hex, shared by every cached disk and path: sets of hexes then
        # find equal members by identity, without comparing tuples (sight unions run every turn).
        canonical = {h: h for h in self.terrain}
        self.hex_text = hexgrid.HexTexts((h, hexgrid.format_hex(h)) for h in self.terrain)
        self.cities: dict[Hex, CitySite] = {c.at: c for c in game_map.cities}
        movement = ruleset.movement
        # steps[h]: (neighbour, half-points to enter it from h)
        self.steps: dict[Hex, tuple[tuple[Hex, int], ...]] = {}
        for h, terrain in self.terrain.items():
            if not terrain.is_passable:
                self.steps[h] = ()
                continue
            out = []
            for n in hexgrid.neighbours(h):
                target = self.terrain.get(n)
                if target is None or not target.is_passable:
                    continue
                n = canonical[n]
                e = hexgrid.edge(h, n)
                cost = movement.road_cost if e in game_map.roads else target.move_cost
                if e in game_map.rivers and e not in game_map.roads:  # a road bridges the river
                    cost += movement.river_cost
                out.append((n, cost))
            self.steps[h] = tuple(out)
        self._canonical = canonical
        self._disks: dict[tuple[Hex, int], tuple[Hex, ...]] = {}
        self._sets: dict[tuple[Hex, int], frozenset[Hex]] = {}
        self._reach: dict[tuple[Hex, int], SearchTree] = {}
        self.nearest_cities = self._nearest_cities(ruleset.agreements.territory_radius)
        # Lookups derived from the map and slowly changing state (who owns which city),
        # cached by their callers under keys that begin with the caller's own tag.
        self.cache: dict[tuple[object, ...], object] = {}

    def is_passable(self, h: Hex) -> bool:
        terrain = self.terrain.get(h)
        return terrain is not None and terrain.is_passable

    def within(self, centre: Hex, radius: int) -> tuple[Hex, ...]:
        """On-map hexes within ``radius`` of ``centre`` (cached: sight uses it every turn)."""
        key = (centre, radius)
        found = self._disks.get(key)
        if found is None:
            canonical = self._canonical
            found = tuple(canonical[h] for h in hexgrid.disk(centre, radius) if h in canonical)
            self._disks[key] = found
        return found

    def within_set(self, centre: Hex, radius: int) -> frozenset[Hex]:
        """``within`` as a frozenset (cached), for fast unions."""
        key = (centre, radius)
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = frozenset(self.within(centre, radius))
        return found

    def within_sets(self, disks: Sequence[tuple[Hex, int]]) -> list[frozenset[Hex]]:
        """``within_set(centre, radius)`` for each (centre, radius): one call for the many disks
        of a player's eyes (the lookups run in C; only disks not cached yet are made here)."""
        found = list(map(self._sets.get, disks))
        if None in found:
            found = [s if s is not None else self.within_set(*key) for s, key in zip(found, disks)]
        return found  # type: ignore[return-value]

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
        who blocks whom is settled when moves are resolved. The answer is cached
        (the map never changes): do not modify it.
        """
        return self._tree(start, budget)[0]

    def reachable_sorted(self, start: Hex, budget: int) -> tuple[Hex, ...]:
        """The hexes of ``reachable`` other than ``start``, in hex order (cached)."""
        tree = self._tree(start, budget)
        return tree[2]

    def path(self, start: Hex, goal: Hex, budget: int, avoid: frozenset[Hex] | set[Hex] = frozenset()) -> tuple[Hex, ...] | None:
        """A cheapest path from ``start`` to ``goal`` (excluding ``start``), or None if out of reach.

        Among equally cheap paths it takes one that enters no hex of ``avoid`` if
        there is one, else it ignores ``avoid`` (it never takes a dearer path to
        avoid them). Ties go to smaller hexes, walking back from the goal, so the
        path is the same on every machine.
        """
        if start == goal:
            return ()
        tree = self._tree(start, budget)
        if goal not in tree[0]:
            return None
        plain = self._plain_path(start, goal, tree)
        # The walk tries smaller parents first and only backs up on meeting ``avoid``: if
        # the plain path (the walk without ``avoid``) meets none of it, the walk with it
        # takes the same steps. Only the hexes it passes through count: the walk never
        # checks the goal against ``avoid``, and stops on reaching the start.
        if avoid and not avoid.isdisjoint(plain[:-1]):
            found = self._walk_back(start, goal, tree[1], avoid)
            if found is not None:
                return found
        return plain

    def path_around(self, start: Hex, goal: Hex, budget: int, avoid: frozenset[Hex] | set[Hex]) -> tuple[Hex, ...] | None:
        """``path(start, goal, budget, avoid - {start, goal})``, without copying ``avoid``."""
        if start == goal:
            return ()
        tree = self._tree(start, budget)
        if goal not in tree[0]:
            return None
        goal = self._canonical.get(goal, goal)
        plain = self._plain_path(start, goal, tree)
        if avoid and not avoid.isdisjoint(plain[:-1]):  # see ``path``
            found = self._walk_back(start, goal, tree[1], avoid, goal)
            if found is not None:
                return found
        return plain

    def _plain_path(self, start: Hex, goal: Hex, tree: SearchTree) -> tuple[Hex, ...]:
        # Cached per search tree: a match asks for the same few paths over and over.
        paths = tree[3]
        found = paths.get(goal)
        if found is None:
            walked = self._walk_back(start, goal, tree[1], frozenset())
            assert walked is not None, "the goal is in the tree, so a cheapest path leads to it"
            found = paths[goal] = walked
        return found

    @staticmethod
    def _walk_back(
        start: Hex, goal: Hex, parents: dict[Hex, tuple[Hex, ...]], avoid: frozenset[Hex] | set[Hex], allowed: Hex | None = None
    ) -> tuple[Hex, ...] | None:
        # Depth-first over the cheapest-path graph, smallest parent first; hexes that
        # lead nowhere are remembered so each is tried once. ``allowed`` is exempt from ``avoid``.
        dead: set[Hex] = set()
        trail = [goal]
        options = [iter(parents[goal])]
        while options:
            for parent in options[-1]:
                if parent == start:
                    return tuple(reversed(trail))
                if (parent in avoid and parent != allowed) or parent in dead:
                    continue
                trail.append(parent)
                options.append(iter(parents[parent]))
                break
            else:
                dead.add(trail.pop())
                options.pop()
        return None

    def _tree(self, start: Hex, budget: int) -> SearchTree:
        # (cost of each reachable hex, its parents on cheapest paths, the reachable hexes
        # sorted, and plain paths found so far)
        key = (start, budget)
        tree = self._reach.get(key)
        if tree is None:
            costs, parents = self._search(start, budget)
            tree = self._reach[key] = (costs, parents, tuple(sorted(h for h in costs if h != start)), {})
        return tree

    def _search(self, start: Hex, budget: int) -> tuple[dict[Hex, int], dict[Hex, tuple[Hex, ...]]]:
        # Dijkstra over half-points, keeping every previous hex on a cheapest path.
        costs: dict[Hex, int] = {start: 0}
        found: dict[Hex, list[Hex]] = {}
        if budget > 0:
            frontier = [(0, start)]
            steps = self.steps
            while frontier:
                cost, h = heapq.heappop(frontier)
                if cost > costs[h]:
                    continue
                for n, step in steps[h]:
                    total = cost + step
                    if total > budget:
                        if h != start:
                            continue
                        total = budget  # the free first step uses the whole turn
                    known = costs.get(n)
                    if known is None or total < known:
                        costs[n] = total
                        found[n] = [h]
                        heapq.heappush(frontier, (total, n))
                    elif total == known:
                        found[n].append(h)
        return costs, {h: tuple(sorted(p)) for h, p in found.items()}
