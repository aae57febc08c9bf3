"""The game's numbers: terrain classes, unit types and rule constants.

All of them come from data files under ``assets/`` (read by ``game.assets``) and
are parsed here by pure ``from_mapping`` functions. No number that a player
could look up in docs/RULES.md is written in code.

Movement costs are in *half* move points so that roads can cost half a plains
hex without floats: a unit with ``move = 2`` has 4 half-points a turn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping, get_type_hints

from game.rules.fields import Problems, field, table, unknown_keys


@dataclass(frozen=True, slots=True)
class TerrainClass:
    name: str
    code: str  # one character in map text grids
    move_cost: int  # half move points to enter; 0 means impassable
    defence: float  # multiplier on a defender's strength here
    hide: int  # observers see units here only this much closer than their sight
    concealment: float  # 0..1, how much harder units here are to identify

    @property
    def is_passable(self) -> bool:
        return self.move_cost > 0


@dataclass(frozen=True, slots=True)
class UnitType:
    name: str
    attack: int
    defence: int
    move: int
    sight: int
    cost: int
    offensive: float  # 0..1, how much the type adds to a capacity to attack
    looks_like: tuple[str, ...]  # what a misidentified unit of this type is taken for

    @property
    def can_move(self) -> bool:
        return self.move > 0


@dataclass(frozen=True, slots=True)
class Movement:
    road_cost: int
    river_cost: int  # extra half-points to cross a river edge


@dataclass(frozen=True, slots=True)
class Combat:
    strength_max: int
    damage_base: float
    luck: float
    ratio_cap: float
    river_attack: float
    entrenched_defence: float
    city_defence: float
    heal_per_turn: int


@dataclass(frozen=True, slots=True)
class Economy:
    development_per_income: int  # development points that add one income a turn
    default_military: int
    default_development: int
    default_intelligence: int


@dataclass(frozen=True, slots=True)
class Intelligence:
    decay_percent: int  # share of the intelligence stock lost each turn
    points_per_level: int
    max_level: int
    levels_per_sight: int  # every this many levels add one hex of sight
    reliability_per_level: float
    mole_chance_per_level: float
    mole_noise: int  # +- percentage points on a leaked budget split
    mole_budget_share: float  # share of leaks that are a budget split (the rest: builds)
    city_sight: int


@dataclass(frozen=True, slots=True)
class Signatures:
    base_reliability: float
    distance_penalty: float  # lost per hex of distance beyond 1
    min_reliability: float
    max_reliability: float
    strength_spread: float  # a strength range's width at zero reliability, as a fraction
    ghost_lifetime: int  # turns a last-known sighting is remembered


@dataclass(frozen=True, slots=True)
class Agreements:
    proposal_lifetime: int
    border_depth: int
    territory_radius: int  # hexes farther than this from every city belong to nobody
    max_arms_cap: int
    max_demilitarised_hexes: int


@dataclass(frozen=True, slots=True)
class Maps:
    capital_income: int  # city incomes on generated maps
    home_income: int
    neutral_income: int


@dataclass(frozen=True, slots=True)
class Setup:
    starting_radius: int  # starting units stand within this many hexes of the capital


@dataclass(frozen=True, slots=True)
class Scoring:
    development_per_point: int
    home_city_points: int
    buffer_city_points: int  # a security seeker's, for a rival's home city it holds
    captured_city_points: int


_SECTIONS = {
    "movement": Movement,
    "combat": Combat,
    "economy": Economy,
    "intelligence": Intelligence,
    "signatures": Signatures,
    "agreements": Agreements,
    "scoring": Scoring,
    "maps": Maps,
    "setup": Setup,
}


@dataclass(frozen=True, slots=True)
class Ruleset:
    terrain: Mapping[str, TerrainClass]
    units: Mapping[str, UnitType]
    movement: Movement
    combat: Combat
    economy: Economy
    intelligence: Intelligence
    signatures: Signatures
    agreements: Agreements
    scoring: Scoring
    maps: Maps
    setup: Setup
    technology: str = "balanced"  # the era whose numbers replaced the base ones (assets/technology.toml)

    def terrain_for_code(self) -> dict[str, TerrainClass]:
        codes: dict[str, TerrainClass] = {}
        for terrain in self.terrain.values():
            codes[terrain.code] = terrain
        return codes

    @classmethod
    def from_mappings(
        cls,
        terrain: Mapping[str, Any],
        units: Mapping[str, Any],
        constants: Mapping[str, Any],
        *,
        files: tuple[str, str, str] = ("terrain.toml", "units.toml", "rules.toml"),
        problems: Problems | None = None,
        technology: str = "balanced",
    ) -> Ruleset:
        """Parse the three rules files.

        Raises:
            AssetError: listing every problem found, each with file and key.
        """
        own = problems is None
        problems = problems or Problems()
        terrain_classes = _parse_terrain(problems, terrain, files[0])
        unit_types = _parse_units(problems, units, files[1])
        sections = {
            name: _parse_section(problems, table(problems, constants, name, files[2]), kind, f"{files[2]}.{name}")
            for name, kind in _SECTIONS.items()
        }
        unknown_keys(problems, constants, set(_SECTIONS), files[2])
        if own:
            problems.raise_if_any()
        return cls(terrain=terrain_classes, units=unit_types, technology=technology, **sections)


def _parse_section(problems: Problems, mapping: Mapping[str, Any], kind: type, where: str) -> Any:
    hints = get_type_hints(kind)
    values = {}
    for f in dataclasses.fields(kind):
        values[f.name] = field(problems, mapping, f.name, hints[f.name], where, low=0)
    unknown_keys(problems, mapping, {f.name for f in dataclasses.fields(kind)}, where)
    return kind(**values)


def _parse_terrain(problems: Problems, data: Mapping[str, Any], where: str) -> dict[str, TerrainClass]:
    result: dict[str, TerrainClass] = {}
    classes = table(problems, data, "terrain", where)
    seen_codes: dict[str, str] = {}
    for name, entry in classes.items():
        at = f"{where}.terrain.{name}"
        if not isinstance(entry, Mapping):
            problems.add(at, "expected a table")
            continue
        unknown_keys(problems, entry, {"code", "move_cost", "defence", "hide", "concealment"}, at)
        code = field(problems, entry, "code", str, at)
        if len(code) != 1:
            problems.add(f"{at}.code", f"map codes are one character, got {code!r}")
        elif code in seen_codes:
            problems.add(f"{at}.code", f"{code!r} is already used by {seen_codes[code]}")
        else:
            seen_codes[code] = name
        result[name] = TerrainClass(
            name=name,
            code=code,
            move_cost=field(problems, entry, "move_cost", int, at, low=0),
            defence=field(problems, entry, "defence", float, at, low=0.1, high=10),
            hide=field(problems, entry, "hide", int, at, low=0, high=5),
            concealment=field(problems, entry, "concealment", float, at, low=0, high=1),
        )
    if not result:
        problems.add(f"{where}.terrain", "no terrain classes")
    return result


def _parse_units(problems: Problems, data: Mapping[str, Any], where: str) -> dict[str, UnitType]:
    result: dict[str, UnitType] = {}
    types = table(problems, data, "units", where)
    keys = {"attack", "defence", "move", "sight", "cost", "offensive", "looks_like"}
    for name, entry in types.items():
        at = f"{where}.units.{name}"
        if not isinstance(entry, Mapping):
            problems.add(at, "expected a table")
            continue
        unknown_keys(problems, entry, keys, at)
        looks_like = entry.get("looks_like", [])
        if not isinstance(looks_like, list) or not all(isinstance(x, str) for x in looks_like):
            problems.add(f"{at}.looks_like", "expected a list of unit type names")
            looks_like = []
        result[name] = UnitType(
            name=name,
            attack=field(problems, entry, "attack", int, at, low=0, high=50),
            defence=field(problems, entry, "defence", int, at, low=0, high=50),
            move=field(problems, entry, "move", int, at, low=0, high=10),
            sight=field(problems, entry, "sight", int, at, low=0, high=10),
            cost=field(problems, entry, "cost", int, at, low=1, high=1000),
            offensive=field(problems, entry, "offensive", float, at, low=0, high=1),
            looks_like=tuple(looks_like),
        )
    for name, unit in result.items():
        for other in unit.looks_like:
            if other not in result:
                problems.add(f"{where}.units.{name}.looks_like", f"unknown unit type {other!r}")
    if not result:
        problems.add(f"{where}.units", "no unit types")
    return result


# What a technology era may change: a world's offence-defence balance is made of these numbers.
TECHNOLOGY_TABLES = ("units", "terrain", "combat", "movement")


def with_technology(
    terrain: Mapping[str, Any], units: Mapping[str, Any], constants: Mapping[str, Any],
    era: Mapping[str, Any], *, where: str, problems: Problems,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The three rules files with one technology era's numbers put in place of the base ones.

    An era changes existing numbers only: a key the base files do not have (a unit type,
    a terrain class or a constant) is a problem, reported with its place in ``where``.
    """
    merged_terrain = {"terrain": {k: dict(v) for k, v in terrain.get("terrain", {}).items()}}
    merged_units = {"units": {k: dict(v) for k, v in units.get("units", {}).items()}}
    merged_constants = {k: dict(v) if isinstance(v, Mapping) else v for k, v in constants.items()}
    targets = {
        "terrain": merged_terrain["terrain"], "units": merged_units["units"],
        "combat": {"": merged_constants.get("combat", {})}, "movement": {"": merged_constants.get("movement", {})},
    }
    for table_name, table_value in era.items():
        if table_name in ("title", "description"):
            continue
        if table_name not in TECHNOLOGY_TABLES or not isinstance(table_value, Mapping):
            problems.add(f"{where}.{table_name}", f"an era changes only {', '.join(TECHNOLOGY_TABLES)}")
            continue
        entries = {"": table_value} if table_name in ("combat", "movement") else table_value
        for entry_name, changes in entries.items():
            at = f"{where}.{table_name}" + (f".{entry_name}" if entry_name else "")
            target = targets[table_name].get(entry_name)
            if target is None or not isinstance(changes, Mapping):
                problems.add(at, f"no such {table_name[:-1] if table_name != 'terrain' else 'terrain class'}")
                continue
            for key, value in changes.items():
                if key not in target or key in ("code", "aliases", "looks_like"):
                    problems.add(f"{at}.{key}", "not a number the base files set")
                else:
                    target[key] = value
    return merged_terrain, merged_units, merged_constants
