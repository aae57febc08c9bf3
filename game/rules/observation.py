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

from game.rules import randomness
from game.rules.board import Board
from game.rules.hexgrid import Hex
from game.rules.economy import intel_level
from game.rules.ruleset import Ruleset
from game.rules.events import Battle, BattleUnit, Event, RivalSide
from game.rules.state import GameState, Knowledge, Player, PlayerId, Sighting, Unit
from game.rules.territory import border_zone

ONLOOKER_EVENT_KINDS = frozenset({"battle"})  # events also seen by whoever sees their hex


class Eyes:
    """Where one player's eyes are (its units and cities, each with a sight radius) and what they see.

    A hex is *visible* within any eye's radius. A unit there is *detected* if it
    stands within ``radius - hide`` of some eye (``hide`` from its terrain), or
    next to one. Built from cached disks with set unions: observation runs for
    every player every turn.
    """

    __slots__ = ("board", "sources", "visible", "_reach", "_eye_hexes", "_widest")

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
        # counts). Which eyes see a hex is then one set intersection, run in C, with the disk
        # around that hex, instead of a distance to every eye (sightings ask it for every unit seen).
        reach: dict[Hex, int] = {}
        for centre, radius in self.sources:
            if reach.get(centre, -1) < radius:
                reach[centre] = radius
        self._reach = reach
        self._eye_hexes = frozenset(reach)
        self._widest = max(reach.values(), default=0)

    def _eyes_near(self, h: Hex) -> list[tuple[int, int]]:
        # (distance, reach) of every eye within the widest sight of h.
        q, r = h
        reach = self._reach
        found = []
        for centre in self._eye_hexes.intersection(self.board.within_set(h, self._widest)):
            dq = q - centre[0]
            dr = r - centre[1]
            found.append(((abs(dq) + abs(dr) + abs(dq + dr)) >> 1, reach[centre]))
        return found

    def can_detect(self, h: Hex) -> bool:
        """Whether a unit on ``h`` would be detected: some eye is within its sight less the
        terrain's hide (and always one next to it)."""
        if h not in self.visible:
            return False
        hide = self.board.terrain[h].hide
        if hide == 0:
            return True
        return any(d <= max(radius - hide, 1) for d, radius in self._eyes_near(h))

    def distance_to(self, h: Hex) -> int:
        """Distance from a visible ``h`` to the nearest eye that sees it."""
        return min((d for d, radius in self._eyes_near(h) if d <= radius), default=1 << 20)


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
    """``signature`` for one observer and turn, with what does not depend on the unit worked out once."""

    __slots__ = ("state", "observer", "rules", "terrain", "base", "skill", "spread", "key_start")

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

    def sign(self, unit: Unit, distance: int, is_inspected: bool) -> Sighting:
        rules = self.rules
        signatures = rules.signatures
        unit_type = rules.units[unit.kind]
        h = unit.at
        if is_inspected:
            reliability = 1.0
        else:
            concealment = self.terrain[h].concealment
            reliability = (
                self.base * (1 - concealment)
                - signatures.distance_penalty * max(0, distance - 1)
                + self.skill
            )
            reliability = round(min(signatures.max_reliability, max(signatures.min_reliability, reliability)), 2)
        state = self.state
        identify, mistake, spread = randomness.uniforms_of_key_text(self.key_start + str(h), 3)
        looks = unit.kind
        if identify >= reliability and unit_type.looks_like:
            looks = unit_type.looks_like[int(mistake * len(unit_type.looks_like))]
        low, high = estimate_range(
            unit.strength, reliability, self.spread, spread, floor=1, ceiling=rules.combat.strength_max,
        )
        # A posture is read like a type: truly with chance = reliability, otherwise it is a guess
        # (either posture, even odds). Where forces cannot be told apart, digging in says little.
        entrenched = unit.entrenched
        if reliability < 1:
            read, guess = randomness.uniforms(state.seed, 2, "posture", state.turn, self.observer, h)
            if read >= reliability:
                entrenched = guess < 0.5
        return Sighting(h, unit.owner, looks, reliability, low, high, entrenched, state.turn)


def estimate_range(truth: int, reliability: float, spread: float, draw: float, *, floor: int, ceiling: int) -> tuple[int, int]:
    """An honest range around ``truth``: it always contains it, and is wider when reliability is low."""
    width = spread * (1 - reliability)
    low = max(floor, truth - round(width * draw))
    high = min(ceiling, truth + round(width * (1 - draw)))
    return min(low, truth), max(high, truth)


def observe(state: GameState) -> GameState:
    """Give every player its knowledge of ``state`` and settle who learns of each event."""
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
            sightings=_sightings(state, player.id, eyes[player.id], units),
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


def _sightings(state: GameState, observer: PlayerId, eyes: Eyes, units: dict[PlayerId, list[Unit]]) -> tuple[Sighting, ...]:
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
        # Where nothing hides, every visible unit is detected (can_detect, without the call).
        if is_inspected or (h in visible and (terrain[h].hide == 0 or eyes.can_detect(h))):
            distance = eyes.distance_to(h) if h in visible else 1
            if signer is None:
                signer = _Signer(state, observer)
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
