"""What a hovered or clicked hex means to the player, in words: its terrain and what the terrain
does to defence, movement and sight; rivers and roads on its sides; a city; what of yours and of
theirs is there; and, with one of your units selected, a preview of attacking it (Wesnoth's
"attack preview"), computed by the rules' own combat functions (``game.rules.preview``).

Pure: built from the player's view and draft only (nothing here imports pygame).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.rules import PlayerView
from game.rules.hexgrid import DIRECTIONS, Hex, edge, format_hex
from game.rules.preview import AttackPreview, approach, attack_preview
from game.rules.state import Sighting, Unit

DIRECTION_NAMES = dict(zip(DIRECTIONS, ("east", "north-east", "north-west", "west", "south-west", "south-east")))


@dataclass(frozen=True, slots=True)
class HexInfo:
    title: str
    lines: tuple[str, ...]
    preview: AttackPreview | None = None


def points(half_points: int) -> str:
    value = half_points / 2
    return f"{value:g} move point" + ("" if value == 1 else "s")


def sides(h: Hex, edges: frozenset) -> list[str]:
    """The directions of ``h``'s sides that are in ``edges`` (rivers, roads)."""
    return [name for (dq, dr), name in DIRECTION_NAMES.items() if edge(h, (h[0] + dq, h[1] + dr)) in edges]


def terrain_lines(view: PlayerView, h: Hex) -> list[str]:
    scenario = view.scenario
    terrain = scenario.board.terrain.get(h)
    if terrain is None:
        return ["off the map"]
    rules = scenario.ruleset
    if not terrain.is_passable:
        lines = [f"{terrain.name.capitalize()}: no unit can enter it"]
    else:
        defence = f"defenders x{terrain.defence:g}" + (" (no help)" if terrain.defence == 1 else "")
        lines = [f"{terrain.name.capitalize()}: {defence}; entering costs {points(terrain.move_cost)}"]
        if terrain.hide:
            lines.append(f"units here are seen only from {terrain.hide} hex{'es' if terrain.hide > 1 else ''} closer")
    rivers = sides(h, scenario.map.rivers - scenario.map.roads)
    if rivers:
        lines.append(f"river on its {', '.join(rivers)} side{'s' if len(rivers) > 1 else ''}: crossing costs "
                     f"{points(rules.movement.river_cost)} more, and attacks across it strike at "
                     f"x{rules.combat.river_attack:g}")
    roads = sides(h, scenario.map.roads)
    if roads:
        lines.append(f"road to the {', '.join(roads)}: entering along it costs {points(rules.movement.road_cost)}"
                     + (" (it bridges the river)" if set(roads) & set(sides(h, scenario.map.rivers)) else ""))
    return lines


def sighting_line(sighting: Sighting, age: int, names: Mapping[int, str]) -> str:
    when = "seen now" if age == 0 else f"last seen {age} turn{'s' if age > 1 else ''} ago"
    dug = ", entrenched" if sighting.entrenched else ""
    low, high = sighting.strength_low, sighting.strength_high
    strength = f"{low}" if low == high else f"{low}-{high}"
    return (f"{names.get(sighting.owner, f'player {sighting.owner}')}: looks like {sighting.looks} "
            f"({sighting.reliability:.0%} sure), strength {strength}{dug}; {when}")


def hex_info(view: PlayerView, h: Hex, attackers: tuple[Unit, ...] = ()) -> HexInfo:
    """Everything the player knows of ``h``; with ``attackers`` (the selected unit and any others
    ordered to attack ``h``), the preview of attacking the force seen there."""
    names = {r.id: r.name for r in view.rivals}
    scenario = view.scenario
    site = scenario.board.cities.get(h)
    terrain = scenario.board.terrain.get(h)
    kind = terrain.name if terrain is not None else "hex"
    title = f"{site.name}, {kind} ({format_hex(h)})" if site is not None else f"{kind.capitalize()} {format_hex(h)}"
    lines = terrain_lines(view, h)
    if site is not None:
        owner = view.city_owner.get(h)
        whose = "yours" if owner == view.player else names.get(owner, "neutral") if owner is not None else "neutral"
        lines.append(f"city ({whose}): income {site.income}, defenders x{scenario.ruleset.combat.city_defence:g}")
    mine = [u for u in view.units if u.at == h]
    for unit in mine:
        lines.append(f"yours: {unit.id}, {unit.kind}, strength {unit.strength}"
                     + (", entrenched" if unit.entrenched else ""))
    seen = [(s, 0) for s in view.sightings if s.at == h] + \
           [(g, view.turn - g.seen_turn) for g in view.ghosts if g.at == h]
    for sighting, age in seen[:2]:
        lines.append(sighting_line(sighting, age, names))
    if not mine and not seen:
        lines.append("nothing of yours here, nothing of theirs seen" + ("" if h in view.visible else " (out of sight now)"))
    preview = None
    now = [s for s, age in seen if age == 0]
    if attackers and now and not mine:
        target = now[0]
        own = frozenset(u.at for u in view.units if u not in attackers)
        preview = attack_preview(scenario, [(u, approach(scenario, u, h, own)) for u in attackers], h, target.looks,
                                 (target.strength_low, target.strength_high), target.entrenched, target.owner)
        lines.extend(preview_lines(preview, target))
        lines.extend(f"Warning: {w}" for w in agreement_warnings(view, {u.id: (h, True) for u in attackers[:1]}))
    return HexInfo(title, tuple(lines), preview)


def preview_lines(preview: AttackPreview, target: Sighting) -> list[str]:
    who = ", ".join(preview.attackers)
    low, high = preview.defence
    defence = f"{low:.1f}" if abs(high - low) < 0.05 else f"{low:.1f}-{high:.1f}"
    kinds = preview.candidates
    might = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + f" or {kinds[-1]}"
    strengths = (f"{target.strength_low}" if target.strength_low == target.strength_high
                 else f"{target.strength_low}-{target.strength_high}")
    worst, best = preview.ratio
    return [
        f"Attack with {who}: power {preview.attack:.1f} against {defence} (it may be {might}, strength {strengths})",
        f"odds {worst:.1f}:1 to {best:.1f}:1; expected losses: yours {range_text(preview.attacker_losses)}, "
        f"theirs {range_text(preview.defender_losses)} (luck and what it really is)",
    ]


def range_text(values: tuple[int, int]) -> str:
    low, high = values
    return f"{low}" if low == high else f"{low}-{high}"


def agreement_warnings(view: PlayerView, moves: Mapping[str, tuple[Hex, bool]]) -> list[str]:
    """The drafted moves that would break an agreement in force, each in words, before the turn is
    ended: an attack on a non-aggression partner's force or city seen there, a unit sent into a
    demilitarised zone (RULES.md section 10)."""
    names = {r.id: r.name for r in view.rivals}
    warnings = []
    for uid, (to, attack) in sorted(moves.items()):
        for agreement in view.agreements:
            if not agreement.binds(view.player):
                continue
            partner = agreement.other(view.player)
            who = names.get(partner, f"player {partner}")
            if agreement.kind == "non_aggression" and attack:
                theirs = any(s.at == to and s.owner == partner for s in view.sightings) or \
                    view.city_owner.get(to) == partner
                if theirs:
                    warnings.append(f"{uid} attacking {format_hex(to)} breaks your non-aggression pact with {who}")
            elif agreement.kind == "demilitarised" and to in agreement.hexes:
                warnings.append(f"{uid} entering {format_hex(to)} breaks the demilitarised zone agreed with {who}")
    return warnings
