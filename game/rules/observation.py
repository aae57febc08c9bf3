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

import hashlib
import struct
from dataclasses import replace
from typing import Mapping

from game.rules import randomness
from game.rules.board import Board
from game.rules.hexgrid import Hex
from game.rules.economy import intel_level
from game.rules.ruleset import Ruleset
from game.rules.events import Battle, BattleUnit, Event, RivalSide
from game.rules.state import GameState, Knowledge, Player, PlayerId, Sighting, Unit, UnitId
from game.rules.territory import border_zone

ONLOOKER_EVENT_KINDS = frozenset({"battle"})  # events also seen by whoever sees their hex


class Eyes:
    """Where one player's eyes are (its units and cities, each with a sight radius) and what they see.

    A hex is *visible* within any eye's radius. A unit there is *detected* if it
    stands within ``radius - hide`` of some eye (``hide`` from its terrain), or
    next to one. Built from cached disks with set unions: observation runs for
    every player every turn.
    """

    __slots__ = ("board", "sources", "visible", "_reach", "_eye_hexes", "_widest", "_rings")

    def __init__(
        self, state: GameState, player: PlayerId, units: list[Unit] | None = None, cities: list[Hex] | None = None
    ) -> None:
        """The eyes of ``player``; ``units`` and ``cities`` (its own) may be given if already at hand."""
        scenario = state.scenario
        rules = scenario.ruleset
        self.board = scenario.board
        level = intel_level(rules, state.players[player].intel_stock)
        bonus = level // rules.intelligence.levels_per_sight if rules.intelligence.levels_per_sight else 0
        if units is None:
            units = state.units_of(player)
        if cities is None:
            cities = state.cities_of(player)
        city_sight, sight = _sight_radii(self.board, rules, bonus)
        sources = {(h, city_sight) for h in cities}
        sources.update((u.at, sight[u.kind]) for u in units)
        self.sources = tuple(sources)
        self.visible = frozenset().union(*self.board.within_sets(self.sources))
        # How far an eye on each hex sees (a unit in a city is a second eye there: the farther
        # counts). The eyes a given distance from a hex are then one set intersection, run in C,
        # with the ring of hexes that far from it, instead of a distance to every eye (look_at).
        reach: dict[Hex, int] = {}
        for centre, radius in self.sources:
            if reach.get(centre, -1) < radius:
                reach[centre] = radius
        self._reach = reach
        self._eye_hexes = frozenset(reach)
        self._widest = max(reach.values(), default=0)
        # Rings of hexes around each hex (see look_at), kept on the board: the map never changes.
        rings = self.board.cache.get(("rings",))
        if rings is None:
            rings = self.board.cache[("rings",)] = {}
        self._rings: dict[Hex, tuple[frozenset[Hex], ...]] = rings  # type: ignore[assignment]

    def can_detect(self, h: Hex) -> bool:
        """Whether a unit on ``h`` would be detected: some eye is within its sight less the
        terrain's hide (and always one next to it)."""
        if h not in self.visible:
            return False
        hide = self.board.terrain[h].hide
        return hide == 0 or self.look_at(h, hide)[1]

    def distance_to(self, h: Hex) -> int:
        """Distance from a visible ``h`` to the nearest eye that sees it."""
        return self.look_at(h, 0)[0]

    def look_at(self, h: Hex, hide: int) -> tuple[int, bool]:
        """``(distance_to(h), can_detect(h))`` for a visible ``h`` whose terrain hides ``hide``, in one
        walk outwards over the rings of hexes 0, 1, 2, ... steps from h (sightings ask it for every
        unit seen, and the nearest eye is nearly always a step or two away)."""
        reach = self._reach
        eye_hexes = self._eye_hexes
        widest = self._widest
        rings = self._rings.get(h)
        if rings is None or len(rings) <= widest:
            rings = self._rings[h] = _rings(self.board, h, widest)
        distance = -1
        detected = hide == 0
        # Beyond this no eye can detect a unit on h (every eye next to it does).
        detect_limit = max(widest - hide, 1)
        for d in range(widest + 1):
            for centre in eye_hexes.intersection(rings[d]):
                radius = reach[centre]
                if distance < 0 and d <= radius:
                    distance = d
                if not detected and d <= max(radius - hide, 1):
                    detected = True
            if distance >= 0 and (detected or d >= detect_limit):
                break
        return (distance if distance >= 0 else 1 << 20), detected


def _rings(board: Board, h: Hex, radius: int) -> tuple[frozenset[Hex], ...]:
    # The on-map hexes at distance 0, 1, ..., radius of h.
    inner: frozenset[Hex] = frozenset()
    made = []
    for d in range(radius + 1):
        disk = board.within_set(h, d)
        made.append(disk - inner)
        inner = disk
    return tuple(made)


def _sight_radii(board: Board, rules: Ruleset, bonus: int) -> tuple[int, dict[str, int]]:
    # A city's sight and each unit type's, with an intelligence bonus (cached: asked per player per turn).
    key = ("sight-radii", bonus)
    found = board.cache.get(key)
    if found is None:
        found = board.cache[key] = (rules.intelligence.city_sight + bonus,
                                    {kind: t.sight + bonus for kind, t in rules.units.items()})
    return found  # type: ignore[return-value]


def signature(state: GameState, observer: PlayerId, unit: Unit, distance: int, *, is_inspected: bool) -> Sighting:
    """What ``observer`` makes of ``unit`` this turn (a keyed, once-only draw)."""
    return _Signer(state, observer).sign(unit, distance, is_inspected)


class _Signer:
    """``signature`` for one observer and turn, with what does not depend on the unit worked out once.

    Each sighting makes two keyed draws, (signature, turn, observer, hex) and (posture, turn,
    observer, hex): their key texts up to the hex are built once, and the draws are made here
    with ``randomness``'s very hash and arithmetic (the same numbers as ``randomness.uniforms``).
    """

    __slots__ = ("state", "observer", "rules", "terrain", "base", "skill", "spread", "key_start", "posture_start",
                 "reliabilities", "hex_keys")

    def __init__(self, state: GameState, observer: PlayerId) -> None:
        scenario = state.scenario
        rules = scenario.ruleset
        signatures = rules.signatures
        self.state = state
        self.observer = observer
        self.rules = rules
        self.terrain = scenario.board.terrain
        self.base = signatures.base_reliability + (1 - signatures.base_reliability) * scenario.distinguishability
        self.skill = rules.intelligence.reliability_per_level * intel_level(rules, state.players[observer].intel_stock)
        self.spread = signatures.strength_spread * rules.combat.strength_max
        # The key of each draw is (signature, turn, observer, hex): its text up to the hex is built once.
        self.key_start = randomness.key_text(state.seed, "signature", state.turn, observer) + "|"
        self.posture_start = randomness.key_text(state.seed, "posture", state.turn, observer) + "|"
        # Reliability depends only on the hex's concealment and the distance: worked out once each.
        self.reliabilities: dict[tuple[float, int], float] = {}
        self.hex_keys = _hex_keys(scenario.board)

    def reliability(self, concealment: float, distance: int) -> float:
        signatures = self.rules.signatures
        reliability = (
            self.base * (1 - concealment)
            - signatures.distance_penalty * max(0, distance - 1)
            + self.skill
        )
        found = self.reliabilities[concealment, distance] = round(
            min(signatures.max_reliability, max(signatures.min_reliability, reliability)), 2)
        return found

    def sign(self, unit: Unit, distance: int, is_inspected: bool) -> Sighting:
        h = unit.at
        if is_inspected:
            reliability = 1.0
        else:
            concealment = self.terrain[h].concealment
            reliability = self.reliabilities.get((concealment, distance)) or self.reliability(concealment, distance)
        hex_key = self.hex_keys[h]
        # randomness.uniforms_of_key_text(self.key_start + hex_key, 3), written out.
        identify, mistake, spread = _unpack3(_blake2b((self.key_start + hex_key).encode(), digest_size=24).digest())
        identify = (identify >> 11) * _SCALE
        looks = unit.kind
        if identify >= reliability:
            looks_like = self.rules.units[looks].looks_like
            if looks_like:
                looks = looks_like[int((mistake >> 11) * _SCALE * len(looks_like))]
        # estimate_range(unit.strength, reliability, self.spread, draw, floor=1, ceiling=strength_max), written out.
        truth = unit.strength
        width = self.spread * (1 - reliability)
        draw = (spread >> 11) * _SCALE
        low = truth - round(width * draw)
        high = truth + round(width * (1 - draw))
        low = 1 if low < 1 else low
        ceiling = self.rules.combat.strength_max
        high = ceiling if high > ceiling else high
        # A posture is read like a type: truly with chance = reliability, otherwise it is a guess
        # (either posture, even odds). Where forces cannot be told apart, digging in says little.
        entrenched = unit.entrenched
        if reliability < 1:
            # randomness.uniforms(seed, 2, "posture", turn, observer, h), written out.
            read, guess = _unpack2(_blake2b((self.posture_start + hex_key).encode(), digest_size=16).digest())
            if (read >> 11) * _SCALE >= reliability:
                entrenched = (guess >> 11) * _SCALE < 0.5
        return Sighting(h, unit.owner, looks, reliability, low if low < truth else truth,
                        high if high > truth else truth, entrenched, self.state.turn)

    def disguise(self, unit: Unit) -> Sighting:
        # What a concealed unit shows an inspecting partner (RULES §10.5): shaped exactly like an
        # inspected sighting (certain, exact strength), but one of its look-alikes, dug in.
        looks = unit.kind
        kinds = self.rules.units[unit.kind].looks_like
        if kinds:
            _, mistake, _ = randomness.uniforms_of_key_text(self.key_start + str(unit.at), 3)
            looks = kinds[int(mistake * len(kinds))]
        return Sighting(unit.at, unit.owner, looks, 1.0, unit.strength, unit.strength, True, self.state.turn)


_blake2b = hashlib.blake2b
_unpack3 = struct.Struct("<3Q").unpack
_unpack2 = struct.Struct("<2Q").unpack
_SCALE = randomness.SCALE


def _hex_keys(board: Board) -> dict[Hex, str]:
    # str(h), the text of a hex in a draw's key, for every hex of the map (and any other on demand).
    found = board.cache.get(("hex-keys",))
    if found is None:
        found = board.cache[("hex-keys",)] = _HexKeys((h, str(h)) for h in board.terrain)
    return found  # type: ignore[return-value]


class _HexKeys(dict):  # type: ignore[type-arg]
    def __missing__(self, h: Hex) -> str:
        return str(h)


def estimate_range(truth: int, reliability: float, spread: float, draw: float, *, floor: int, ceiling: int) -> tuple[int, int]:
    """An honest range around ``truth``: it always contains it, and is wider when reliability is low."""
    width = spread * (1 - reliability)
    low = max(floor, truth - round(width * draw))
    high = min(ceiling, truth + round(width * (1 - draw)))
    return min(low, truth), max(high, truth)


def observe(state: GameState, disguised: Mapping[UnitId, frozenset[PlayerId]] | None = None) -> GameState:
    """Give every player its knowledge of ``state`` and settle who learns of each event.

    ``disguised`` names, for each unit concealed this turn and not caught, the inspecting
    partners who are shown its disguise instead of the truth (RULES §10.5).
    """
    disguised = disguised or {}
    units: dict[PlayerId, list[Unit]] = {p.id: [] for p in state.players}
    for unit in state.units.values():
        units[unit.owner].append(unit)
    cities: dict[PlayerId, list[Hex]] = {p.id: [] for p in state.players}
    for h, owner in state.city_owner.items():
        if owner is not None:
            cities[owner].append(h)
    eyes = {p.id: Eyes(state, p.id, units[p.id], cities[p.id]) for p in state.players}
    events = tuple(_with_onlookers(e, eyes) for e in state.events)
    players = []
    for player in state.players:
        knowledge = Knowledge(
            visible=eyes[player.id].visible,
            sightings=_sightings(state, player.id, eyes[player.id], units, disguised),
            # e.is_seen_by and _redact's test of the kind, inlined: this runs for every event and player.
            report=tuple(_redact(state, e, player.id) if isinstance(e, Battle) else e for e in events
                         if e.audience is None or player.id in e.audience),
        )
        # Built directly, not with dataclasses.replace: observation runs for every player every turn.
        players.append(Player(player.id, player.name, player.aim, player.treasury, player.development,
                              player.intel_stock, player.budget, player.next_serial, player.eliminated, knowledge))
    return GameState(state.scenario, state.turn, state.version, state.seed, tuple(players), state.city_owner,
                     state.units, state.proposals, state.agreements, events)


def _with_onlookers(event: Event, eyes: dict[PlayerId, Eyes]) -> Event:
    if event.kind not in ONLOOKER_EVENT_KINDS or event.audience is None:
        return event
    # Onlookers are those who could make out units on the battle's hex.
    onlookers = {p for p, e in eyes.items() if event.at is not None and e.can_detect(event.at)}
    return event.told_to(event.audience | onlookers)


def _sightings(state: GameState, observer: PlayerId, eyes: Eyes, units: dict[PlayerId, list[Unit]],
               disguised: Mapping[UnitId, frozenset[PlayerId]]) -> tuple[Sighting, ...]:
    # A partner's unit is inspected if it stands in any of the observer's inspected zones
    # (tested zone by zone: a union of the zones would be rebuilt for every player every turn).
    zones: list[frozenset[Hex]] = []
    inspected_owner: set[PlayerId] = set()
    for agreement in state.agreements:
        if agreement.kind == "inspection" and agreement.binds(observer):
            partner = agreement.other(observer)
            zones.append(border_zone(state, observer, partner))
            inspected_owner.add(partner)
    seen: dict[Hex, Sighting] = {}
    visible = eyes.visible
    terrain = eyes.board.terrain
    signer = None
    if zones:
        candidates = [u for owner, own in units.items() if owner != observer for u in own]
    else:
        # Uninspected, a unit must stand in sight to be seen: look only at the units there.
        # (The order does not matter: sightings are keyed and sorted by hex, draws by hex.)
        unit_at = state.unit_at
        candidates = [u for u in map(unit_at.__getitem__, visible.intersection(unit_at)) if u.owner != observer]
    for unit in candidates:
        h = unit.at
        is_inspected = unit.owner in inspected_owner and any(h in zone for zone in zones)
        if h in visible:
            # (eyes.distance_to(h), eyes.can_detect(h)) in one call.
            distance, detected = eyes.look_at(h, terrain[h].hide)
            if not (detected or is_inspected):
                continue
        elif is_inspected:
            distance = 1
        else:
            continue
        if signer is None:
            signer = _Signer(state, observer)
        if is_inspected and observer in disguised.get(unit.id, ()):
            seen[h] = signer.disguise(unit)
        else:
            seen[h] = signer.sign(unit, distance, is_inspected)
    # Ghosts: earlier sightings of hexes the player can no longer check, until they fade.
    lifetime = state.scenario.ruleset.signatures.ghost_lifetime
    own_hexes = {u.at for u in units[observer]}
    for old in state.players[observer].knowledge.sightings:
        h = old.at
        if h in seen or h in own_hexes or state.turn - old.seen_turn > lifetime or eyes.can_detect(h):
            continue
        seen[h] = old
    return tuple(seen[h] for h in sorted(seen))


def _redact(state: GameState, event: Battle, player: PlayerId) -> Battle:
    """The player's own copy of an event: its own units exact, each rival side summed up.

    A rival side (its units of one role) shows how many units fought, its total
    losses as an honest range, and how many were destroyed. Summing per side
    means nothing hidden (ids, types, strengths) decides the order of entries.
    """
    rules = state.scenario.ruleset
    full = rules.combat.strength_max
    spread = rules.signatures.strength_spread * full / 2
    base = rules.signatures.base_reliability + (1 - rules.signatures.base_reliability) * state.scenario.distinguishability
    own = tuple(u for u in event.units if u.owner == player)
    sides: dict[tuple[int, str], list[BattleUnit]] = {}
    for unit in event.units:
        if unit.owner != player:
            sides.setdefault((unit.owner, unit.role), []).append(unit)
    summed = []
    for (owner, role), units in sorted(sides.items()):
        loss = sum(u.loss for u in units)
        draw = randomness.uniform(state.seed, "battle-report", state.turn, player, event.at, owner, role)
        low, high = estimate_range(loss, base, spread * len(units), draw, floor=0, ceiling=full * len(units))
        summed.append(RivalSide(owner, role, len(units), (low, high), sum(1 for u in units if u.is_destroyed)))
    return replace(event, units=own, rivals=tuple(summed))
