"""Arms caps and demilitarised zones, as a bot sees them: what to offer, what to sign, how to keep it.

Everything here reads the seat's view only. The border zone between two players
depends only on who owns which city, which is public, so a bot computes it from
its view exactly as the server does (``game.rules.territory``).

* ``cap_for`` — the cap a bot offers or would sign: no lower than what either side
  already has in the zone (a cap that one side breaks on the day it is signed
  signals nothing), and never below ``MIN_CAP``.
* ``buffer_hexes`` — the hexes of a demilitarised zone it offers: the middle of the
  border zone, as far from both sides' cities as possible, with nobody on them.
* ``keep`` — drops the moves and builds that would break an arms cap or a
  demilitarised zone in force (the bot holds those units instead).
"""

from __future__ import annotations

from game.rules.hexgrid import Hex, distance
from game.rules.orders import Build, Leave, Move, Order
from game.rules.state import Agreement, PlayerId
from game.rules.territory import border_zone
from game.rules.views import PlayerView

MIN_CAP = 2
BUFFER_HEXES = 6  # hexes in a demilitarised zone a bot offers
CAP_KINDS = ("arms_cap", "demilitarised")


def zone(view: PlayerView, rival: PlayerId) -> frozenset[Hex]:
    """The border zone between the seat and ``rival`` (empty if they are not neighbours)."""
    # border_zone reads only the scenario and the city owners, both public and both in the view.
    return border_zone(view, view.player, rival)  # type: ignore[arg-type]


def units_in(view: PlayerView, hexes: frozenset[Hex] | set[Hex], rival: PlayerId | None = None) -> int:
    """Own units on ``hexes`` (or, given ``rival``, that rival's units seen there now)."""
    if rival is None:
        return sum(1 for u in view.units if u.at in hexes)
    return sum(1 for s in view.sightings if s.owner == rival and s.at in hexes)


def cap_for(view: PlayerView, rival: PlayerId) -> int:
    hexes = zone(view, rival)
    return max(MIN_CAP, units_in(view, hexes), units_in(view, hexes, rival))


def buffer_hexes(view: PlayerView, rival: PlayerId) -> tuple[Hex, ...]:
    """The middle of the border zone, nobody's units on it and no city, up to ``BUFFER_HEXES``."""
    occupied = {u.at for u in view.units} | {s.at for s in view.sightings}
    free = [h for h in _by_middle(view, rival) if h not in occupied]
    return tuple(sorted(free[:BUFFER_HEXES]))


def _by_middle(view: PlayerView, rival: PlayerId) -> tuple[Hex, ...]:
    # The zone's hexes (cities left out), most nearly equidistant first; it depends only on who
    # owns which city, so it is cached on the board like the zone itself.
    owners = tuple(sorted(view.city_owner.items()))
    key = ("bot-buffer", owners, view.player, rival)
    cache = view.scenario.board.cache
    found = cache.get(key)
    if found is None:
        hexes = zone(view, rival)
        mine = [c for c, o in owners if o == view.player]
        theirs = [c for c, o in owners if o == rival]
        found = ()
        if hexes and mine and theirs:
            def middle(h: Hex) -> tuple[int, int, Hex]:
                near_mine = min(distance(h, c) for c in mine)
                near_theirs = min(distance(h, c) for c in theirs)
                return (abs(near_mine - near_theirs), -(near_mine + near_theirs), h)

            found = tuple(sorted((h for h in hexes if h not in view.city_owner), key=middle))
        cache[key] = found
    return found  # type: ignore[return-value]


def in_force(view: PlayerView, rival: PlayerId, kinds: tuple[str, ...] = CAP_KINDS) -> list[Agreement]:
    return [a for a in view.agreements if a.kind in kinds and a.other(view.player) == rival]


def can_sign(view: PlayerView, kind: str, cap: int | None, hexes: tuple[Hex, ...], rival: PlayerId) -> bool:
    """Whether the seat already complies with a cap or zone it is offered (so signing costs nothing now)."""
    if kind == "arms_cap":
        return cap is not None and units_in(view, zone(view, rival)) <= cap
    if kind == "demilitarised":
        return units_in(view, set(hexes)) == 0
    return True


def keep(view: PlayerView, orders: list[Order], exempt: set[str]) -> list[Order]:
    """The orders without the moves and builds that would break an arms cap or a demilitarised
    zone in force (agreements in ``exempt`` are being left, or deliberately broken). A cap that
    units already standing in the zone break anyway is left rather than kept broken."""
    kept = [a for a in view.agreements if a.kind in CAP_KINDS and a.id not in exempt]
    if not kept:
        return orders
    where = {u.id: u.at for u in view.units}
    dropped: set[int] = set()
    leaves: list[Order] = []
    for agreement in kept:
        if agreement.kind == "demilitarised":
            banned = set(agreement.hexes)
            for index, order in enumerate(orders):
                if isinstance(order, (Move, Build)) and _lands(order) in banned:
                    dropped.add(index)
            continue
        hexes = zone(view, agreement.other(view.player))
        count = sum(1 for u, at in _ends(orders, where, dropped).items() if at in hexes)
        # Drop the orders that bring units into the zone, latest first, until the cap holds.
        for index in reversed(range(len(orders))):
            if count <= (agreement.cap or 0):
                break
            order = orders[index]
            if index in dropped:
                continue
            entering = (isinstance(order, Move) and order.to in hexes and where.get(order.unit) not in hexes) or (
                isinstance(order, Build) and order.at in hexes)
            if entering:
                dropped.add(index)
                count -= 1
        if count > (agreement.cap or 0):
            leaves.append(Leave(agreement.id))
    return [o for i, o in enumerate(orders) if i not in dropped] + leaves


def _lands(order: Move | Build) -> Hex:
    return order.to if isinstance(order, Move) else order.at


def _ends(orders: list[Order], where: dict[str, Hex], dropped: set[int]) -> dict[str, Hex]:
    """Where each own unit (and each unit ordered built, under a made-up key) would end the turn."""
    ends = dict(where)
    for index, order in enumerate(orders):
        if index in dropped:
            continue
        if isinstance(order, Move) and order.unit in ends:
            ends[order.unit] = order.to
        elif isinstance(order, Build):
            ends[f"build {index}"] = order.at
    return ends
