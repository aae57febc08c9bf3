"""The two fixed stances of ``spiral dilemma``: ``restrain`` and ``arm`` (RULES section 12.2).

They are the strategies of the empirical game each world makes: a focal seat plays one
of them against rivals that all play one of them. Both are *knob-blind*: they read their
seat's view only (what they see, the public map and the rules' own numbers, which is what
a player's help and attack preview show), never the scenario's ``offense_defense`` or
``distinguishability``, so whatever differs between worlds comes out of the rules.

``restrain`` keeps a minimal military: its starting forces, dug in on its home cities,
and what its starting treasury buys (the most defence per treasury point the rules offer,
on its most exposed home city); its whole income goes to development (90%) and
intelligence (10%). It never leaves its homeland and never strikes first; it only
retakes a home city it lost.

``arm`` puts 30% of its income (three times a restrainer's share) into the military, garrisons its cities, takes neutral
cities nobody holds and keeps a field army within sight of its nearest rival. It strikes
a rival that looks threatening — forces that look offensive and mobile near its land, or
a city taken from it — where its own estimate of the battle (the rules' combat formulas
applied to what it sees) gives it an edge; and it strikes a rival it cannot read (what it
has seen of it is unreliable, or nothing) where the estimate gives it a large edge: it
cannot tell that rival's build-up from preparation, so it does not wait for it (Jervis's
preventive motive). A rival whose forces it reads reliably and that look harmless is left
alone.
"""

from __future__ import annotations

import random

from game.bots import tactics
from game.bots.base import register
from game.rules.combat import attack_power, defence_power
from game.rules.hexgrid import Hex, distance
from game.rules.legal import LegalOrders
from game.rules.orders import Build, Move, Order, SetBudget, SetPosture
from game.rules.ruleset import Ruleset
from game.rules.state import Budget, PlayerId, Sighting, Unit
from game.rules.views import PlayerView

RESTRAIN_BUDGET = Budget(0, 90, 10)
ARM_BUDGET = Budget(30, 60, 10)
THREAT_RADIUS = 6  # rival forces this close to our cities or units are watched
THREAT_WEIGHT = 0.5  # a unit whose apparent type is at least this "offensive" (units.toml) is a threat
EDGE = 1.3  # attack a threatening rival where our estimated power is this many times the defender's
OPPORTUNITY = 2.5  # attack a rival it cannot read where it is this many times the defender's
READABLE = 0.6  # sightings at least this reliable on average let the seat trust what it sees of a rival
WATCH = 2  # the field army waits this far from the nearest rival city: close enough to see it
MUSTER = 2  # a city is attacked with the units within this many turns' march of it


def best_defender(rules: Ruleset, *, movable: bool) -> str:
    """The unit type with the most defence per treasury point (ties: the cheaper, then by name)."""
    kinds = [u for u in rules.units.values() if u.defence > 0 and (u.can_move or not movable)]
    return min(kinds, key=lambda u: (-u.defence / u.cost, u.cost, u.name)).name


def best_attacker(rules: Ruleset) -> str:
    """The unit type with the most attack per treasury point (ties: the faster, then by name)."""
    kinds = [u for u in rules.units.values() if u.attack > 0 and u.can_move]
    return min(kinds, key=lambda u: (-u.attack / u.cost, -u.move, u.name)).name


def homeland(view: PlayerView) -> list[Hex]:
    """The seat's home cities by the map, held or lost."""
    return sorted(h for h, city in view.scenario.board.cities.items() if city.home == view.player)


def _garrison_builds(view: PlayerView, legal: LegalOrders, kind: str, cities: list[Hex]) -> list[Order]:
    guarded = {u.at for u in view.units}
    money = view.treasury
    cost = view.scenario.ruleset.units[kind].cost
    orders: list[Order] = []
    for city in cities:
        if city not in guarded and kind in legal.builds.get(city, ()) and cost <= money:
            orders.append(Build(kind, city))
            money -= cost
    return orders


def _dig_in(view: PlayerView, units: list[Unit]) -> list[Order]:
    rules = view.scenario.ruleset.units
    return [SetPosture(u.id, True) for u in units if not u.entrenched and rules[u.kind].can_move]


def _retake(view: PlayerView, legal: LegalOrders, units: list[Unit], lost: list[Hex]) -> tuple[list[Order], set[str]]:
    """Units march on home cities a rival holds (the one strike a restrainer allows itself)."""
    orders: list[Order] = []
    moved: set[str] = set()
    for city in lost:
        near = [u for u in units if u.id not in moved and distance(u.at, city) <= 4]
        for order in tactics.march(view, legal, near, city):
            orders.append(order)
            moved.add(order.unit)  # type: ignore[union-attr]
    return orders, moved


class RestrainBot:
    name = "restrain"

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over or view.is_eliminated:
            return []
        orders: list[Order] = [SetBudget(RESTRAIN_BUDGET)]
        rules = view.scenario.ruleset
        home = homeland(view)
        held = [h for h in home if view.city_owner.get(h) == view.player]
        lost = [h for h in home if view.city_owner.get(h) not in (view.player, None)]
        mobile = tactics.mobile_units(view)
        retake, moved = _retake(view, legal, mobile, lost)
        orders += retake
        rest = [u for u in view.units if u.id not in moved]
        orders += _keep_home(view, legal, rest, held)
        orders += _works(view, legal, best_defender(rules, movable=False), held)
        return orders


def _works(view: PlayerView, legal: LegalOrders, kind: str, cities: list[Hex]) -> list[Order]:
    """Spend what the purse holds on defenders: unguarded home cities first, then the city
    nearest a rival's, one build a turn."""
    rivals = [h for h, owner in view.city_owner.items() if owner not in (view.player, None)]
    guarded = {u.at for u in view.units}
    def exposure(city: Hex) -> tuple[int, int, Hex]:
        near = min((distance(city, r) for r in rivals), default=99)
        return (city in guarded, near, city)
    cost = view.scenario.ruleset.units[kind].cost
    for city in sorted(cities, key=exposure):
        if kind in legal.builds.get(city, ()) and cost <= view.treasury:
            return [Build(kind, city)]
    return []


def _keep_home(view: PlayerView, legal: LegalOrders, units: list[Unit], cities: list[Hex]) -> list[Order]:
    """Send free units to unguarded home cities (peacefully) and dig in the rest where they stand."""
    orders: list[Order] = []
    guarded = {u.at for u in units if u.at in cities}
    digging: list[Unit] = []
    for unit in units:
        unguarded = [c for c in cities if c not in guarded]
        destinations = legal.moves.get(unit.id, ())
        if unit.at in cities or not unguarded or not destinations:
            digging.append(unit)
            continue
        goal = min(unguarded, key=lambda c: (distance(unit.at, c), c))
        step = tactics.toward(destinations, goal, allow_attack=False)
        if step is None or distance(step.to, goal) >= distance(unit.at, goal):
            digging.append(unit)
            continue
        orders.append(Move(unit.id, step.to, is_attack=False))
        if step.to == goal:
            guarded.add(goal)
    return orders + _dig_in(view, digging)


class ArmBot:
    name = "arm"

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over or view.is_eliminated:
            return []
        orders: list[Order] = [SetBudget(ARM_BUDGET)]
        rules = view.scenario.ruleset
        home = homeland(view)
        mine = tactics.own_cities(view)
        lost = [h for h in home if view.city_owner.get(h) not in (view.player, None)]
        mobile = tactics.mobile_units(view)
        retake, moved = _retake(view, legal, mobile, lost)
        orders += retake
        keepers = _keepers(view, mine)
        free = [u for u in mobile if u.id not in moved and u.id not in keepers]
        threats = _threats(view, mine, lost)
        strike, struck = _strike(view, legal, free, threats)
        orders += strike
        moved |= struck
        free = [u for u in free if u.id not in moved]
        expand, went = _take_neutrals(view, legal, free)
        orders += expand
        moved |= went
        free = [u for u in free if u.id not in moved]
        orders += _to_border(view, legal, free, mine)
        orders += _dig_in(view, [u for u in view.units if u.id in keepers and u.id not in moved])
        orders += _garrison_builds(view, legal, best_defender(rules, movable=True), mine)
        orders += _army_builds(view, legal, orders, best_attacker(rules))
        return orders


def _keepers(view: PlayerView, cities: list[Hex]) -> set[str]:
    """One unit stays on each own city (the first by id), fortifications always."""
    rules = view.scenario.ruleset.units
    keep: set[str] = {u.id for u in view.units if not rules[u.kind].can_move}
    taken = {u.at for u in view.units if u.id in keep}
    for unit in sorted(view.units, key=lambda u: (int(u.id[1:]))):
        if unit.at in cities and unit.at not in taken:
            keep.add(unit.id)
            taken.add(unit.at)
    return keep


def _threats(view: PlayerView, mine: list[Hex], lost: list[Hex]) -> set[PlayerId]:
    """Rivals whose forces look offensive near us, or that hold a city of ours."""
    rules = view.scenario.ruleset.units
    eyes = mine + [u.at for u in view.units]
    threats: set[PlayerId] = set()
    # Ghosts count: a force seen lately near us is still a force near us.
    for s in (*view.sightings, *view.ghosts):
        looks = rules.get(s.looks)
        # What looks like an attacker and is not dug in is a force that could march on us.
        if (looks is not None and looks.can_move and looks.offensive >= THREAT_WEIGHT and not s.entrenched
                and any(distance(s.at, e) <= THREAT_RADIUS for e in eyes)):
            threats.add(s.owner)
    threats |= {owner for h in lost if (owner := view.city_owner.get(h)) is not None}
    return threats


def _reads_as_defensive(view: PlayerView, rival: PlayerId | None) -> bool:
    """Whether what the seat has seen of ``rival`` lately is reliable enough to trust: a rival it
    can read (and that is not a threat, which the caller has checked) can be left alone."""
    seen = [s for s in (*view.sightings, *view.ghosts) if s.owner == rival]
    return bool(seen) and sum(s.reliability for s in seen) / len(seen) >= READABLE


def _defence_estimate(view: PlayerView, city: Hex) -> float:
    """What holding ``city`` is worth in defence power, by what the seat sees (prudently)."""
    rules = view.scenario.ruleset
    seen = next((s for s in view.sightings if s.at == city), None)
    if seen is not None:
        return _sighting_defence(view, seen)
    if city in view.visible and any(distance(city, u.at) <= 1 for u in view.units):
        return 0.0  # next to one of ours: an empty city is really empty
    owner = view.city_owner.get(city)
    if owner is None and city in view.visible:
        return 0.0
    # Unseen (or too far to make out): assume the cheapest full-strength defender, dug in.
    kind = best_defender(rules, movable=True)
    guess = Unit("z0", owner if owner is not None else -1, kind, city, rules.combat.strength_max, True)
    return defence_power(view.scenario, guess, city)


def _sighting_defence(view: PlayerView, seen: Sighting) -> float:
    rules = view.scenario.ruleset
    kind = seen.looks if seen.looks in rules.units else best_defender(rules, movable=True)
    unit = Unit("z0", seen.owner, kind, seen.at, seen.strength_high, seen.entrenched)
    return defence_power(view.scenario, unit, seen.at)


def _strike(view: PlayerView, legal: LegalOrders, free: list[Unit], threats: set[PlayerId]) -> tuple[list[Order], set[str]]:
    """Attack the nearest rival city where the estimate says we win: by ``EDGE`` if the rival
    threatens us, by ``OPPORTUNITY`` if we cannot read it (a window that may not stay open)."""
    if not free:
        return [], set()
    targets = sorted((h for h, owner in view.city_owner.items() if owner not in (view.player, None)),
                     key=lambda h: (min(distance(h, u.at) for u in free), h))
    rules = view.scenario.ruleset.units
    for city in targets:
        owner = view.city_owner.get(city)
        if owner in threats:
            edge = EDGE
        elif _reads_as_defensive(view, owner):
            continue  # forces it can read, and they mean no harm: nothing to fear, nothing to prevent
        else:
            edge = OPPORTUNITY
        near = [u for u in free if distance(u.at, city) <= MUSTER * max(1, rules[u.kind].move)]
        if not near:
            continue
        power = sum(attack_power(view.scenario, u, city, city) for u in near)
        if power >= edge * _defence_estimate(view, city):
            orders = tactics.march(view, legal, near, city)
            return orders, {o.unit for o in orders}  # type: ignore[union-attr]
    return [], set()


def _take_neutrals(view: PlayerView, legal: LegalOrders, free: list[Unit]) -> tuple[list[Order], set[str]]:
    """Walk one unit into each neutral city that looks empty and is within reach this turn."""
    orders: list[Order] = []
    used: set[str] = set()
    held_by_sighting = {s.at for s in view.sightings}
    for city, owner in sorted(view.city_owner.items()):
        if owner is not None or city in held_by_sighting:
            continue
        for unit in sorted(free, key=lambda u: (distance(u.at, city), u.id)):
            if unit.id in used or unit.entrenched:
                continue
            if any(d.to == city for d in legal.moves.get(unit.id, ())):
                orders.append(Move(unit.id, city, is_attack=True))
                used.add(unit.id)
                break
    return orders, used


def _to_border(view: PlayerView, legal: LegalOrders, free: list[Unit], mine: list[Hex]) -> list[Order]:
    """The field army waits within sight of the nearest rival city, without entering its hex."""
    rivals = sorted(h for h, owner in view.city_owner.items() if owner not in (view.player, None))
    if not rivals or not mine:
        return _dig_in(view, free)
    orders: list[Order] = []
    resting: list[Unit] = []
    for unit in free:
        goal = min(rivals, key=lambda h: (distance(unit.at, h), h))
        if distance(unit.at, goal) <= WATCH:
            resting.append(unit)
            continue
        step = tactics.toward(legal.moves.get(unit.id, ()), goal, allow_attack=False)
        if step is None or distance(step.to, goal) < WATCH or distance(step.to, goal) >= distance(unit.at, goal):
            resting.append(unit)
        else:
            orders.append(Move(unit.id, step.to, is_attack=False))
    return orders + _dig_in(view, resting)


def _army_builds(view: PlayerView, legal: LegalOrders, orders: list[Order], kind: str) -> list[Order]:
    spent = sum(view.scenario.ruleset.units[o.kind].cost for o in orders if isinstance(o, Build))
    used = {o.at for o in orders if isinstance(o, Build)}
    cost = view.scenario.ruleset.units[kind].cost
    money = view.treasury - spent
    builds: list[Order] = []
    for city in sorted(legal.builds):
        if city in used or kind not in legal.builds[city] or cost > money:
            continue
        builds.append(Build(kind, city))
        money -= cost
        if len(builds) >= 2:
            break
    return builds


register("restrain")(RestrainBot)
register("arm")(ArmBot)
