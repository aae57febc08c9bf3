"""A seat's view rebuilt from its wire form, and the orders being drafted for this turn.

``view_from_mapping`` is the inverse of ``PlayerView.to_mapping`` given the scenario
(the wire names the scenario; its map and rules are public and loaded by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from game.rules import PlayerView, Scenario
from game.rules.hexgrid import Hex, format_hex, parse_hex
from game.rules.state import Agreement, Budget, Event, Proposal, Sighting, Unit
from game.rules.views import RivalInfo


def parse_budget(text: str) -> Budget:
    military, development, intelligence = (int(part) for part in text.split("/"))
    return Budget(military, development, intelligence)


def view_from_mapping(data: Mapping[str, Any], scenario: Scenario) -> PlayerView:
    """The ``PlayerView`` a ``view`` map stands for.

    Raises:
        KeyError, ValueError, TypeError: if the map is not a view's wire form.
    """
    turn = int(data["turn"])

    def sighting(s: Mapping[str, Any]) -> Sighting:
        low, high = s["strength"]
        return Sighting(at=parse_hex(s["at"]), owner=s["owner"], looks=s["looks"], reliability=float(s["reliability"]),
                        strength_low=low, strength_high=high, entrenched=bool(s["entrenched"]),
                        seen_turn=turn - int(s["age"]))

    return PlayerView(
        scenario=scenario,
        turn=turn,
        version=int(data["version"]),
        is_over=bool(data["is_over"]),
        player=int(data["player"]),
        is_eliminated=bool(data["eliminated"]),
        aim=str(data["aim"]),
        treasury=int(data["treasury"]),
        development=int(data["development"]),
        intel_level=int(data["intel_level"]),
        budget=parse_budget(data["budget"]),
        units=tuple(Unit(u["id"], u["owner"], u["kind"], parse_hex(u["at"]), u["strength"], bool(u["entrenched"]))
                    for u in data["units"]),
        city_owner={parse_hex(h): owner for h, owner in data["cities"]},
        visible=frozenset(parse_hex(h) for h in data["visible"]),
        sightings=tuple(sighting(s) for s in data["sightings"]),
        ghosts=tuple(sighting(s) for s in data["ghosts"]),
        report=tuple(Event(e["kind"], e["turn"], parse_hex(e["at"]) if e.get("at") else None, e.get("details") or {})
                     for e in data["report"]),
        agreements=tuple(Agreement(a["id"], a["kind"], tuple(a["parties"]), a["since_turn"], a.get("cap"),  # type: ignore[arg-type]
                                   tuple(parse_hex(h) for h in a.get("hexes", ()))) for a in data["agreements"]),
        proposals=tuple(Proposal(p["id"], p["kind"], p["proposer"], p["target"], p["made_turn"], p.get("cap"),
                                 tuple(parse_hex(h) for h in p.get("hexes", ()))) for p in data["proposals"]),
        rivals=tuple(RivalInfo(r["id"], r["name"], bool(r["eliminated"]), int(r["cities"])) for r in data["rivals"]),
    )


@dataclass
class Draft:
    """This turn's orders as the player is composing them (sent as order text on "End turn")."""

    budget: Budget | None = None
    moves: dict[str, tuple[Hex, bool]] = field(default_factory=dict)  # unit id -> (destination, is_attack)
    builds: dict[Hex, str] = field(default_factory=dict)  # city -> unit type
    postures: dict[str, bool] = field(default_factory=dict)  # unit id -> entrenched?

    def to_text(self) -> str:
        """The orders in the rules' notation, one a line (budget, builds, moves, postures)."""
        lines = []
        if self.budget is not None:
            lines.append(f"budget {self.budget}")
        lines += [f"build {kind} at {format_hex(city)}" for city, kind in sorted(self.builds.items())]
        lines += [f"{'attack' if attack else 'move'} {unit} to {format_hex(to)}"
                  for unit, (to, attack) in sorted(self.moves.items())]
        lines += [f"posture {unit} {'entrenched' if dug else 'mobile'}" for unit, dug in sorted(self.postures.items())]
        return "\n".join(lines)
