"""What a player may know: the one path from a state to anything a seat is shown.

``view_for(state, player)`` builds a seat's view from the parts of the state
that are that player's own (its units, purse, agreements and proposals, and its
``Knowledge``: what it sees, the signatures it has seen, its report) plus public
facts (the map, who owns each city, who is still in the game). It never reads
another player's aim, purse, units or knowledge, nor the seed, nor the true
event log. ``spectator_view`` holds the public facts only; ``omniscient_view``
holds everything (for the end-of-match reveal and the teacher).

``PlayerView.to_mapping()`` is the canonical plain-data form that the wire and
the non-interference tests encode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from game.rules.economy import intel_level
from game.rules.events import event_from_mapping
from game.rules.readers import (read_bool, read_float, read_hex, read_int, read_list, read_map, read_owner,
                                read_str)
from game.rules.hexgrid import Hex, format_hex
from game.rules.scenario import Scenario
from game.rules.scoring import scores
from game.rules.state import (
    Agreement,
    Budget,
    Event,
    GameState,
    PlayerId,
    Proposal,
    Sighting,
    Unit,
    agreement_to_mapping,
    event_to_mapping,
    proposal_to_mapping,
    sighting_to_mapping,
    unit_to_mapping,
)


@dataclass(frozen=True, slots=True)
class RivalInfo:
    """Public facts about another player."""

    id: PlayerId
    name: str
    is_eliminated: bool
    cities: int


@dataclass(frozen=True, slots=True)
class PlayerView:
    scenario: Scenario  # public: map, rules and knobs
    turn: int
    version: int
    is_over: bool
    player: PlayerId
    is_eliminated: bool
    aim: str
    treasury: int
    development: int
    intel_level: int
    budget: Budget
    units: tuple[Unit, ...]
    city_owner: Mapping[Hex, PlayerId | None]
    visible: frozenset[Hex]
    sightings: tuple[Sighting, ...]  # seen this turn
    ghosts: tuple[Sighting, ...]  # last seen on an earlier turn
    report: tuple[Event, ...]
    agreements: tuple[Agreement, ...]
    proposals: tuple[Proposal, ...]  # made to or by this player, still open
    rivals: tuple[RivalInfo, ...]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], scenario: Scenario) -> PlayerView:
        """The view a ``to_mapping`` map stands for, given its scenario (the map names it; its map
        and rules are public, loaded by the caller). Every value is checked for its type.

        Raises:
            KeyError, ValueError, TypeError: if the map is not a view's wire form.
        """
        return _view_from_mapping(data, scenario)

    @property
    def unit_by_id(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units}

    def to_mapping(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.name,
            "turn": self.turn,
            "version": self.version,
            "is_over": self.is_over,
            "player": self.player,
            "eliminated": self.is_eliminated,
            "aim": self.aim,
            "treasury": self.treasury,
            "development": self.development,
            "intel_level": self.intel_level,
            "budget": str(self.budget),
            "units": [unit_to_mapping(u) for u in self.units],
            "cities": [[format_hex(h), owner] for h, owner in sorted(self.city_owner.items())],
            "visible": sorted(format_hex(h) for h in self.visible),
            "sightings": [sighting_to_mapping(s, self.turn) for s in self.sightings],
            "ghosts": [sighting_to_mapping(s, self.turn) for s in self.ghosts],
            "report": [_event_for_seat(e) for e in self.report],
            "agreements": [agreement_to_mapping(a) for a in self.agreements],
            "proposals": [proposal_to_mapping(p) for p in self.proposals],
            "rivals": [{"id": r.id, "name": r.name, "eliminated": r.is_eliminated, "cities": r.cities}
                       for r in self.rivals],
        }


def _event_for_seat(e: Event) -> dict[str, Any]:
    # A seat's copy of an event never says who else was told of it.
    data = event_to_mapping(e)
    data.pop("audience", None)
    return data


def view_for(state: GameState, player: PlayerId) -> PlayerView:
    """The view of one seat.

    Raises:
        IndexError: if ``player`` is not a seat of this match.
    """
    me = state.players[player]
    knowledge = me.knowledge
    current = tuple(s for s in knowledge.sightings if s.seen_turn == state.turn)
    ghosts = tuple(s for s in knowledge.sightings if s.seen_turn != state.turn)
    return PlayerView(
        scenario=state.scenario,
        turn=state.turn,
        version=state.version,
        is_over=state.is_over,
        player=player,
        is_eliminated=me.eliminated,
        aim=me.aim,
        treasury=me.treasury,
        development=me.development,
        intel_level=intel_level(state.scenario.ruleset, me.intel_stock),
        budget=me.budget,
        units=state.owned_units(player),
        city_owner=state.city_owner,
        visible=knowledge.visible,
        sightings=current,
        ghosts=ghosts,
        report=knowledge.report,
        agreements=tuple(a for a in state.agreements if a.binds(player)),
        proposals=tuple(p for p in state.proposals if player in (p.proposer, p.target)),
        rivals=tuple(r for r in state.derived("public-players", _public_players) if r.id != player),
    )


def _public_players(state: GameState, exclude: PlayerId | None = None) -> tuple[RivalInfo, ...]:
    counts: dict[PlayerId, int] = {}
    for owner in state.city_owner.values():
        if owner is not None:
            counts[owner] = counts.get(owner, 0) + 1
    return tuple(
        RivalInfo(p.id, p.name, p.eliminated, counts.get(p.id, 0)) for p in state.players if p.id != exclude
    )


def spectator_view(state: GameState) -> dict[str, Any]:
    """Public facts only: the turn, city owners, who is still in, public events."""
    return {
        "scenario": state.scenario.name,
        "turn": state.turn,
        "version": state.version,
        "is_over": state.is_over,
        "cities": [[format_hex(h), owner] for h, owner in sorted(state.city_owner.items())],
        "players": [{"id": r.id, "name": r.name, "eliminated": r.is_eliminated, "cities": r.cities}
                    for r in _public_players(state)],
        "events": [_event_for_seat(e) for e in state.events if e.audience is None],
    }


def omniscient_view(state: GameState) -> dict[str, Any]:
    """Everything, including aims, purses and the true events (for the reveal and the teacher).

    The seed is left out even here: it would let a reader predict future draws.
    """
    data = state.to_mapping()
    data.pop("seed")
    data["scores"] = scores(state)
    return data


def _view_from_mapping(data: Mapping[str, Any], scenario: Scenario) -> PlayerView:
    """The ``PlayerView`` a ``view`` map stands for.

    Raises:
        KeyError, ValueError, TypeError: if the map is not a view's wire form.
    """
    data = read_map(data)
    turn = read_int(data["turn"])

    def sighting(s: Any) -> Sighting:
        s = read_map(s)
        low, high = (read_int(v) for v in read_list(s["strength"]))
        return Sighting(at=read_hex(s["at"]), owner=read_int(s["owner"]), looks=read_str(s["looks"]),
                        reliability=read_float(s["reliability"]), strength_low=low, strength_high=high,
                        entrenched=read_bool(s["entrenched"]), seen_turn=turn - read_int(s["age"]))

    def unit(u: Any) -> Unit:
        u = read_map(u)
        return Unit(read_str(u["id"]), read_int(u["owner"]), read_str(u["kind"]), read_hex(u["at"]), read_int(u["strength"]),
                    read_bool(u["entrenched"]))

    def agreement(a: Any) -> Agreement:
        a = read_map(a)
        cap = a.get("cap")
        return Agreement(read_str(a["id"]), read_str(a["kind"]), tuple(read_int(p) for p in read_list(a["parties"])),  # type: ignore[arg-type]
                         read_int(a["since_turn"]), None if cap is None else read_int(cap),
                         tuple(read_hex(h) for h in read_list(a.get("hexes", []))))

    def proposal(p: Any) -> Proposal:
        p = read_map(p)
        cap = p.get("cap")
        return Proposal(read_str(p["id"]), read_str(p["kind"]), read_int(p["proposer"]), read_int(p["target"]),
                        read_int(p["made_turn"]), None if cap is None else read_int(cap),
                        tuple(read_hex(h) for h in read_list(p.get("hexes", []))))

    def rival(r: Any) -> RivalInfo:
        r = read_map(r)
        return RivalInfo(read_int(r["id"]), read_str(r["name"]), read_bool(r["eliminated"]), read_int(r["cities"]))

    def city(pair: Any) -> tuple[Hex, int | None]:
        at, owner = read_list(pair)
        return read_hex(at), read_owner(owner)

    return PlayerView(
        scenario=scenario,
        turn=turn,
        version=read_int(data["version"]),
        is_over=read_bool(data["is_over"]),
        player=read_int(data["player"]),
        is_eliminated=read_bool(data["eliminated"]),
        aim=read_str(data["aim"]),
        treasury=read_int(data["treasury"]),
        development=read_int(data["development"]),
        intel_level=read_int(data["intel_level"]),
        budget=Budget.parse(read_str(data["budget"])),
        units=tuple(unit(u) for u in read_list(data["units"])),
        city_owner=dict(city(pair) for pair in read_list(data["cities"])),
        visible=frozenset(read_hex(h) for h in read_list(data["visible"])),
        sightings=tuple(sighting(s) for s in read_list(data["sightings"])),
        ghosts=tuple(sighting(s) for s in read_list(data["ghosts"])),
        report=tuple(event_from_mapping(e) for e in read_list(data["report"])),
        agreements=tuple(agreement(a) for a in read_list(data["agreements"])),
        proposals=tuple(proposal(p) for p in read_list(data["proposals"])),
        rivals=tuple(rival(r) for r in read_list(data["rivals"])),
    )
