"""The state of a match, as frozen values.

``GameState`` holds everything true about a match at the start of a turn: the
players with their secret aims and purses, who owns each city, every unit, the
agreements, the secret seed of the random stream, the events of the turn just
resolved, and what each player knows (its ``Knowledge``: what it can see now,
the signatures it has seen, its report). Nothing here is ever mutated: the
engine builds new values with ``dataclasses.replace``.

Collections inside the state (dicts, tuples) are built once by the engine and
never changed afterwards; treat them as read-only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, TypeVar, cast

# The state's parts defined apart, re-exported for the modules that take them from here.
from game.rules.budget import Budget as Budget
from game.rules.events import Event as Event
from game.rules.events import PlayerId as PlayerId
from game.rules.events import UnitId as UnitId
from game.rules.canonical import canonical_text
from game.rules.hexgrid import Hex, format_hex
from game.rules.scenario import Scenario

T = TypeVar("T")
Aim = Literal["security", "revisionist"]
AIMS: tuple[str, ...] = ("security", "revisionist")
PLAYER_LETTERS = "abcdefgh"


@dataclass(frozen=True, slots=True)
class Unit:
    id: UnitId  # the owner's letter and a serial: "b3" is player 1's third unit
    owner: PlayerId
    kind: str
    at: Hex
    strength: int
    entrenched: bool = False

    # Named updates, built directly: the engine makes thousands a turn, and
    # dataclasses.replace is many times slower than the constructor.
    def moved_to(self, at: Hex, *, entrenched: bool | None = None) -> Unit:
        posture = self.entrenched if entrenched is None else entrenched
        return Unit(self.id, self.owner, self.kind, at, self.strength, posture)

    def with_strength(self, strength: int) -> Unit:
        return Unit(self.id, self.owner, self.kind, self.at, strength, self.entrenched)

    def with_posture(self, entrenched: bool) -> Unit:
        return Unit(self.id, self.owner, self.kind, self.at, self.strength, entrenched)


def unit_order(unit_id: UnitId) -> tuple[str, int]:
    """Sort key for unit ids: by owner letter, then serial as a number ("a2" before "a10")."""
    return (unit_id[0], int(unit_id[1:]))


@dataclass(frozen=True, slots=True)
class Sighting:
    """What one observer made of one foreign unit at one time: a signature, not the truth.

    ``reliability`` is the chance that a unit of the true type is shown as what it
    is (otherwise it is shown as one of its type's ``looks_like`` types); the
    observer knows it, as it knows how good its own eyes are. The true strength
    lies within ``strength_low..strength_high``. A sighting from an earlier turn
    is a *ghost*: the last thing known about that hex.
    """

    at: Hex
    owner: PlayerId
    looks: str
    reliability: float
    strength_low: int
    strength_high: int
    entrenched: bool
    seen_turn: int


@dataclass(frozen=True, slots=True)
class Knowledge:
    """What one player knows at the start of a turn."""

    visible: frozenset[Hex]
    sightings: tuple[Sighting, ...]  # sorted by hex; those of earlier turns are ghosts
    report: tuple[Event, ...]  # what it learned in the last resolution


@dataclass(frozen=True, slots=True)
class Player:
    id: PlayerId
    name: str
    aim: Aim
    treasury: int
    development: int
    intel_stock: int
    budget: Budget
    next_serial: int
    eliminated: bool
    knowledge: Knowledge

    @property
    def letter(self) -> str:
        return PLAYER_LETTERS[self.id]


AGREEMENT_KINDS: tuple[str, ...] = ("non_aggression", "arms_cap", "demilitarised", "inspection")


@dataclass(frozen=True, slots=True)
class Proposal:
    id: str  # "turn.proposer.target.index": names only what both parties know
    kind: str
    proposer: PlayerId
    target: PlayerId
    made_turn: int
    cap: int | None = None
    hexes: tuple[Hex, ...] = ()


@dataclass(frozen=True, slots=True)
class Agreement:
    id: str
    kind: str
    parties: tuple[PlayerId, PlayerId]
    since_turn: int
    cap: int | None = None
    hexes: tuple[Hex, ...] = ()

    def binds(self, player: PlayerId) -> bool:
        return player in self.parties

    def other(self, player: PlayerId) -> PlayerId:
        return self.parties[1] if self.parties[0] == player else self.parties[0]


@dataclass(frozen=True, slots=True)
class GameState:
    scenario: Scenario
    turn: int  # the turn whose orders are awaited; turn 1 is the first
    version: int  # bumps on every resolution; orders name it and stale ones are refused
    seed: int  # the random stream's secret key (see randomness.py)
    players: tuple[Player, ...]
    city_owner: Mapping[Hex, PlayerId | None]
    units: Mapping[UnitId, Unit]  # by id, in id order
    proposals: tuple[Proposal, ...]
    agreements: tuple[Agreement, ...]
    events: tuple[Event, ...]  # the true events of the last resolution
    # Derived on first use; not an init field, so dataclasses.replace never carries a stale one over.
    _unit_at: dict[Hex, Unit] | None = field(default=None, init=False, repr=False, compare=False)
    _memo: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)
    # Set by resolve on the states it makes, whose units it has put in id order (others are sorted again).
    _units_in_order: bool = field(default=False, init=False, repr=False, compare=False)

    @property
    def unit_at(self) -> Mapping[Hex, Unit]:
        index = self._unit_at
        if index is None:
            index = {u.at: u for u in self.units.values()}
            object.__setattr__(self, "_unit_at", index)
        return index

    @property
    def is_over(self) -> bool:
        alive = sum(1 for p in self.players if not p.eliminated)
        return self.turn > self.scenario.turns or alive <= 1

    def units_of(self, player: PlayerId) -> list[Unit]:
        return [u for u in self.units.values() if u.owner == player]

    def owned_units(self, player: PlayerId) -> tuple[Unit, ...]:
        """``units_of`` as a tuple, grouped once for all players (every seat's view asks for its own)."""
        return self.derived("units-by-owner", _units_by_owner).get(player, ())

    def derived(self, key: str, make: Callable[[GameState], T]) -> T:
        """``make(self)``, computed once per state and kept under ``key`` (not part of the state's content).

        For lookups that several seats' views or several steps of a resolution derive
        from the same state; ``make`` must be a pure function of the state.
        """
        memo = self._memo
        if memo is None:
            memo = {}
            object.__setattr__(self, "_memo", memo)
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            found = memo[key] = make(self)
        return cast(T, found)

    def cities_of(self, player: PlayerId) -> list[Hex]:
        return [h for h, owner in self.city_owner.items() if owner == player]

    def agreements_of(self, player: PlayerId) -> list[Agreement]:
        return [a for a in self.agreements if a.binds(player)]

    def to_mapping(self) -> dict[str, Any]:
        """Everything in the state as plain data, in a canonical order."""
        return {
            "scenario": self.scenario.name,
            "fingerprint": self.scenario.fingerprint,
            "turn": self.turn,
            "version": self.version,
            "seed": self.seed,
            "players": [player_to_mapping(p) for p in self.players],
            "cities": [[format_hex(h), owner] for h, owner in sorted(self.city_owner.items())],
            "units": [unit_to_mapping(u) for u in self.units.values()],
            "proposals": [proposal_to_mapping(p) for p in self.proposals],
            "agreements": [agreement_to_mapping(a) for a in self.agreements],
            "events": [event_to_mapping(e) for e in self.events],
        }

    def state_hash(self) -> str:
        """A stable hex digest of the whole state: equal on any machine for equal states.

        It is the digest of ``canonical_bytes(self.to_mapping())``, written out by
        ``canonical.canonical_text`` without building the mapping (self-play hashes every state).
        """
        text = canonical_text(self, event_to_mapping, agreement_to_mapping, proposal_to_mapping)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


_MISSING = object()


def _units_by_owner(state: GameState) -> dict[PlayerId, tuple[Unit, ...]]:
    lists: dict[PlayerId, list[Unit]] = {}
    for u in state.units.values():
        found = lists.get(u.owner)
        if found is None:
            lists[u.owner] = [u]
        else:
            found.append(u)
    return {owner: tuple(own) for owner, own in lists.items()}


def canonical_bytes(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def unit_to_mapping(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "owner": u.owner, "kind": u.kind, "at": format_hex(u.at), "strength": u.strength,
            "entrenched": u.entrenched}


def sighting_to_mapping(s: Sighting, turn: int) -> dict[str, Any]:
    return {"at": format_hex(s.at), "owner": s.owner, "looks": s.looks, "reliability": s.reliability,
            "strength": [s.strength_low, s.strength_high], "entrenched": s.entrenched, "age": turn - s.seen_turn}


def event_to_mapping(e: Event) -> dict[str, Any]:
    return e.to_mapping()


def proposal_to_mapping(p: Proposal) -> dict[str, Any]:
    return {"id": p.id, "kind": p.kind, "proposer": p.proposer, "target": p.target, "made_turn": p.made_turn,
            "cap": p.cap, "hexes": [format_hex(h) for h in p.hexes]}


def agreement_to_mapping(a: Agreement) -> dict[str, Any]:
    return {"id": a.id, "kind": a.kind, "parties": list(a.parties), "since_turn": a.since_turn, "cap": a.cap,
            "hexes": [format_hex(h) for h in a.hexes]}


def player_to_mapping(p: Player) -> dict[str, Any]:
    k = p.knowledge
    return {
        "id": p.id, "name": p.name, "aim": p.aim, "treasury": p.treasury, "development": p.development,
        "intel_stock": p.intel_stock, "budget": str(p.budget), "next_serial": p.next_serial,
        "eliminated": p.eliminated,
        "knowledge": {
            "visible": sorted(format_hex(h) for h in k.visible),
            "sightings": [sighting_to_mapping(s, 0) for s in k.sightings],
            "report": [event_to_mapping(e) for e in k.report],
        },
    }
