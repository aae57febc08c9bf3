"""Small movement and build helpers shared by the bots (view and legal orders only)."""

from __future__ import annotations

from game.rules.hexgrid import Hex, distance
from game.rules.legal import Destination, LegalOrders
from game.rules.orders import Build, Move, Order, SetPosture
from game.rules.state import PlayerId, Unit
from game.rules.views import PlayerView


def own_cities(view: PlayerView) -> list[Hex]:
    return sorted(h for h, owner in view.city_owner.items() if owner == view.player)


def cities_of(view: PlayerView, player: PlayerId) -> list[Hex]:
    return sorted(h for h, owner in view.city_owner.items() if owner == player)


def builds(view: PlayerView, legal: LegalOrders, kinds: list[str], limit: int, reserve: int = 0) -> list[Order]:
    """Up to ``limit`` builds, cycling through ``kinds``, nearest-to-danger cities first, keeping ``reserve``."""
    orders: list[Order] = []
    money = view.treasury - reserve
    units = view.scenario.ruleset.units
    if not kinds:
        return orders
    for index, city in enumerate(sorted(legal.builds)):
        if len(orders) >= limit:
            break
        kind = kinds[index % len(kinds)]
        if kind in legal.builds[city] and units[kind].cost <= money:
            orders.append(Build(kind, city))
            money -= units[kind].cost
    return orders


def toward(destinations: tuple[Destination, ...], goal: Hex, *, allow_attack: bool,
           avoid: set[Hex] | None = None) -> Destination | None:
    """The reachable hex nearest the goal (ties by hex), or None if none is allowed."""
    if avoid or type(destinations) is not tuple:  # only an immutable tuple's answer can be kept
        return _nearest(destinations, goal, allow_attack, avoid)
    # A unit's destinations are one tuple per (hex, speed, rival cities in reach), kept by the
    # board for the whole process (legal.legal_orders), and bots head for the same few goals from
    # the same hexes turn after turn and match after match: the answer is kept per tuple (by
    # identity: the memo holds the tuple, so its id cannot be reused meanwhile) and goal.
    key = (id(destinations), goal, allow_attack)
    found = _TOWARD.get(key)
    if found is not None and found[0] is destinations:
        return found[1]
    best = _nearest(destinations, goal, allow_attack, None)
    if len(_TOWARD) >= _TOWARD_LIMIT:
        _TOWARD.clear()
    _TOWARD[key] = (destinations, best)
    return best


_TOWARD: dict[tuple[int, Hex, bool], tuple[tuple[Destination, ...], Destination | None]] = {}
_TOWARD_LIMIT = 1 << 16


def _nearest(destinations: tuple[Destination, ...], goal: Hex, allow_attack: bool,
             avoid: set[Hex] | None) -> Destination | None:
    # min() over (distance, hex) written out, with the distance inlined.
    gq, gr = goal
    best: Destination | None = None
    best_distance = 0
    for d in destinations:
        if (not allow_attack and d.needs_attack) or (avoid and d.to in avoid):
            continue
        q, r = d.to
        dq = q - gq
        dr = r - gr
        gap = (abs(dq) + abs(dr) + abs(dq + dr)) >> 1
        if best is None or gap < best_distance or (gap == best_distance and d.to < best.to):
            best, best_distance = d, gap
    return best


def garrison(view: PlayerView, legal: LegalOrders, units: list[Unit], *, entrench: bool) -> list[Order]:
    """Send free units to unguarded own cities; units already home (or with nowhere to go) dig in."""
    orders: list[Order] = []
    cities = own_cities(view)
    guarded = {u.at for u in view.units if u.at in cities}
    for unit in units:
        destinations = legal.moves.get(unit.id, ())
        unguarded = [c for c in cities if c not in guarded]
        if unit.at in cities or not destinations or not unguarded:
            if entrench and not unit.entrenched and view.scenario.ruleset.units[unit.kind].can_move:
                orders.append(SetPosture(unit.id, True))
            continue
        goal = min(unguarded, key=lambda c: (distance(unit.at, c), c))
        step = toward(destinations, goal, allow_attack=False)
        if step is not None:
            orders.append(Move(unit.id, step.to, is_attack=False))
            guarded.add(goal)
    return orders


def march(view: PlayerView, legal: LegalOrders, units: list[Unit], goal: Hex) -> list[Order]:
    """Move units toward ``goal`` as attacks (entrenched ones first leave their works)."""
    orders: list[Order] = []
    for unit in units:
        if unit.entrenched:
            orders.append(SetPosture(unit.id, False))
            continue
        destinations = legal.moves.get(unit.id, ())
        step = toward(destinations, goal, allow_attack=True)
        if step is not None and distance(step.to, goal) < distance(unit.at, goal):
            orders.append(Move(unit.id, step.to, is_attack=True))
    return orders


def mobile_units(view: PlayerView) -> list[Unit]:
    rules = view.scenario.ruleset.units
    return [u for u in view.units if rules[u.kind].can_move and rules[u.kind].attack > 0]


def enemies_near(view: PlayerView, at: Hex, radius: int, owner: PlayerId | None = None) -> int:
    return sum(1 for s in view.sightings if distance(s.at, at) <= radius and (owner is None or s.owner == owner))


def scout(view: PlayerView, legal: LegalOrders, units: list[Unit]) -> list[Order]:
    """Send the seat's scouts (units that cannot fight but can move) to watch the nearest rival city
    from the edge of their sight, moving peacefully: a seat reads its rivals only from what it sees."""
    rules = view.scenario.ruleset.units
    rivals = sorted(h for h, owner in view.city_owner.items() if owner not in (view.player, None))
    orders: list[Order] = []
    if not rivals:
        return orders
    for unit in units:
        kind = rules[unit.kind]
        if kind.attack > 0 or not kind.can_move:
            continue
        if unit.entrenched:
            orders.append(SetPosture(unit.id, False))
            continue
        goal = min(rivals, key=lambda h: (distance(unit.at, h), h))
        if distance(unit.at, goal) <= kind.sight:
            continue
        options = [d for d in legal.moves.get(unit.id, ()) if not d.needs_attack and distance(d.to, goal) >= kind.sight]
        step = min(options, key=lambda d: (distance(d.to, goal), d.to), default=None)
        if step is not None and distance(step.to, goal) < distance(unit.at, goal):
            orders.append(Move(unit.id, step.to, is_attack=False))
    return orders
