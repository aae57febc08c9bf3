"""How players see: sight, signatures, ghosts, territory, and each player's report.

The last step of a resolution (and of setting up a match) is ``observe``: for
every player it works out which hexes it sees, which foreign units it detects
and what it makes of them (a *signature*), which old sightings linger as
ghosts, and its own redacted copy of the events it may learn of. The result is
stored as that player's ``Knowledge`` and is all that ``view_for`` reads.

Signature draws are keyed by (observer, turn, hex) — at most one unit stands on
a hex — so each is made once, and a unit a player cannot see never changes the
noise on one it can.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from game.rules import randomness
from game.rules.hexgrid import Hex
from game.rules.economy import intel_level
from game.rules.state import Event, GameState, Knowledge, PlayerId, Sighting, Unit
from game.rules.territory import border_zone

ONLOOKER_EVENT_KINDS = frozenset({"battle"})  # events also seen by whoever sees their hex


def sight(state: GameState, player: PlayerId) -> tuple[dict[Hex, int], dict[Hex, int]]:
    """For each hex the player sees: the best sight margin, and the distance to its nearest eye."""
    scenario = state.scenario
    board = scenario.board
    rules = scenario.ruleset
    level = intel_level(rules, state.players[player].intel_stock)
    bonus = level // rules.intelligence.levels_per_sight if rules.intelligence.levels_per_sight else 0
    sources: list[tuple[Hex, int]] = [(h, rules.intelligence.city_sight + bonus) for h in state.cities_of(player)]
    sources += [(u.at, rules.units[u.kind].sight + bonus) for u in state.units.values() if u.owner == player]
    margin: dict[Hex, int] = {}
    nearest: dict[Hex, int] = {}
    for centre, radius in sources:
        for h, d in board.within_by_distance(centre, radius):
            m = radius - d
            if m > margin.get(h, -1):
                margin[h] = m
            if d < nearest.get(h, 1 << 20):
                nearest[h] = d
    return margin, nearest


def signature(state: GameState, observer: PlayerId, unit: Unit, distance: int, *, is_inspected: bool) -> Sighting:
    """What ``observer`` makes of ``unit`` this turn (a keyed, once-only draw)."""
    scenario = state.scenario
    rules = scenario.ruleset
    signatures = rules.signatures
    unit_type = rules.units[unit.kind]
    h = unit.at
    if is_inspected or not unit_type.looks_like:
        reliability = 1.0
    else:
        base = signatures.base_reliability + (1 - signatures.base_reliability) * scenario.distinguishability
        concealment = scenario.board.terrain[h].concealment
        reliability = (
            base * (1 - concealment)
            - signatures.distance_penalty * max(0, distance - 1)
            + rules.intelligence.reliability_per_level * intel_level(rules, state.players[observer].intel_stock)
        )
        reliability = round(min(signatures.max_reliability, max(signatures.min_reliability, reliability)), 2)
    seed, turn = state.seed, state.turn
    looks = unit.kind
    if randomness.uniform(seed, "signature", turn, observer, h) >= reliability:
        looks = unit_type.looks_like[randomness.below(seed, len(unit_type.looks_like), "look", turn, observer, h)]
    low, high = estimate_range(
        unit.strength, reliability, signatures.strength_spread * rules.combat.strength_max,
        randomness.uniform(seed, "strength", turn, observer, h), floor=1, ceiling=rules.combat.strength_max,
    )
    return Sighting(h, unit.owner, looks, reliability, low, high, unit.entrenched, turn)


def estimate_range(truth: int, reliability: float, spread: float, draw: float, *, floor: int, ceiling: int) -> tuple[int, int]:
    """An honest range around ``truth``: it always contains it, and is wider when reliability is low."""
    width = spread * (1 - reliability)
    low = max(floor, truth - round(width * draw))
    high = min(ceiling, truth + round(width * (1 - draw)))
    return min(low, truth), max(high, truth)


def observe(state: GameState) -> GameState:
    """Give every player its knowledge of ``state`` and settle who learns of each event."""
    margins = {p.id: sight(state, p.id) for p in state.players}
    events = tuple(_with_onlookers(e, margins) for e in state.events)
    players = []
    for player in state.players:
        margin, nearest = margins[player.id]
        knowledge = Knowledge(
            visible=frozenset(margin),
            sightings=_sightings(state, player.id, margin, nearest),
            report=tuple(_redact(state, e, player.id) for e in events if e.is_seen_by(player.id)),
        )
        players.append(replace(player, knowledge=knowledge))
    return replace(state, players=tuple(players), events=events)


def _with_onlookers(event: Event, margins: dict[PlayerId, tuple[dict[Hex, int], dict[Hex, int]]]) -> Event:
    if event.kind not in ONLOOKER_EVENT_KINDS or event.audience is None:
        return event
    onlookers = {p for p, (margin, _) in margins.items() if event.at in margin}
    return replace(event, audience=event.audience | onlookers)


def _sightings(state: GameState, observer: PlayerId, margin: dict[Hex, int], nearest: dict[Hex, int]) -> tuple[Sighting, ...]:
    board = state.scenario.board
    inspected: frozenset[Hex] = frozenset()
    inspected_owner: set[PlayerId] = set()
    for agreement in state.agreements:
        if agreement.kind == "inspection" and agreement.binds(observer):
            partner = agreement.other(observer)
            inspected = inspected | border_zone(state, observer, partner)
            inspected_owner.add(partner)
    seen: dict[Hex, Sighting] = {}
    detectable: set[Hex] = set()
    for h, m in margin.items():
        if m >= board.terrain[h].hide or nearest[h] <= 1:
            detectable.add(h)
    for unit in state.units.values():
        if unit.owner == observer:
            continue
        h = unit.at
        is_inspected = unit.owner in inspected_owner and h in inspected
        if h in detectable or is_inspected:
            seen[h] = signature(state, observer, unit, nearest.get(h, 1), is_inspected=is_inspected)
    # Ghosts: earlier sightings of hexes the player can no longer check, until they fade.
    lifetime = state.scenario.ruleset.signatures.ghost_lifetime
    own_hexes = {u.at for u in state.units.values() if u.owner == observer}
    for old in state.players[observer].knowledge.sightings:
        h = old.at
        if h in seen or h in detectable or h in own_hexes or state.turn - old.seen_turn > lifetime:
            continue
        seen[h] = old
    return tuple(seen[h] for h in sorted(seen))


def _redact(state: GameState, event: Event, player: PlayerId) -> Event:
    """The player's own copy of an event: its own side exact, others' losses as estimates."""
    if event.kind != "battle":
        return event
    rules = state.scenario.ruleset
    spread = rules.signatures.strength_spread * rules.combat.strength_max / 2
    base = rules.signatures.base_reliability + (1 - rules.signatures.base_reliability) * state.scenario.distinguishability
    sides: list[dict[str, Any]] = []
    for index, unit in enumerate(event.details["units"]):
        if unit["owner"] == player:
            sides.append(unit)
            continue
        loss = unit["before"] - unit["after"]
        draw = randomness.uniform(state.seed, "battle-report", state.turn, player, event.at, index)
        low, high = estimate_range(loss, base, spread, draw, floor=0, ceiling=rules.combat.strength_max)
        sides.append({"owner": unit["owner"], "role": unit["role"], "losses": [low, high],
                      "destroyed": unit["after"] <= 0})
    details = {key: value for key, value in event.details.items() if key != "units"}
    details["units"] = sides
    return replace(event, details=details)
