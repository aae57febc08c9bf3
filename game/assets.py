"""Reading the game's data files from ``assets/`` into rules values.

The rules engine reads no files; this module does, and hands the parsed TOML
to the engine's ``from_mapping`` parsers. Problems in any file are reported
together, each with its file and key (``AssetError.problems``).

The assets folder is found in this order: the ``SPIRAL_ASSETS`` environment
variable; the copy installed inside the package (``game/_assets``); the
``assets/`` folder of a source checkout.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from game.rules.errors import AssetError
from game.rules.fields import Problems
from game.rules.injects import InjectKind, parse_inject_kinds
from game.rules.mapdata import GameMap
from game.rules.mapgen import generate_map
from game.rules.ruleset import Ruleset, with_technology
from game.rules.scenario import Scenario


def assets_dir() -> Path:
    override = os.environ.get("SPIRAL_ASSETS")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_assets", here.parent / "assets"):
        if (candidate / "rules.toml").is_file():
            return candidate
    return here.parent / "assets"


def read_toml(path: Path, problems: Problems) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.add(str(path), "file not found")
    except tomllib.TOMLDecodeError as error:
        problems.add(str(path), f"not valid TOML: {error}")
    except OSError as error:
        problems.add(str(path), f"cannot be read: {error.strerror}")
    return {}


def load_ruleset(root: Path | None = None, technology: str = "balanced") -> Ruleset:
    """The terrain, unit and rules files, with a technology era's numbers in place.

    Raises:
        AssetError: listing every problem in the files, or naming an unknown era.
    """
    root = root or assets_dir()
    return _load_ruleset(root, technology)


def technology_eras(root: Path | None = None) -> dict[str, dict[str, Any]]:
    """The eras of assets/technology.toml by name (title, description and their numbers)."""
    root = root or assets_dir()
    problems = Problems()
    eras = read_toml(root / TECHNOLOGY_FILE, problems)
    problems.raise_if_any()
    return eras


TECHNOLOGY_FILE = "technology.toml"


@lru_cache(maxsize=16)
def _load_ruleset(root: Path, technology: str) -> Ruleset:
    problems = Problems()
    names = "terrain.toml", "units.toml", "rules.toml"
    terrain, units, constants = (read_toml(root / name, problems) for name in names)
    eras = read_toml(root / TECHNOLOGY_FILE, problems)
    problems.raise_if_any()
    era = eras.get(technology)
    if not isinstance(era, dict):
        raise AssetError([f"{root / TECHNOLOGY_FILE}: unknown technology {technology!r} (known: {', '.join(eras)})"])
    terrain, units, constants = with_technology(terrain, units, constants, era,
                                                where=f"{root / TECHNOLOGY_FILE}.{technology}", problems=problems)
    problems.raise_if_any()
    files = (str(root / names[0]), str(root / names[1]), str(root / names[2]))
    return Ruleset.from_mappings(terrain, units, constants, files=files, technology=technology)


def scenario_names(root: Path | None = None) -> list[str]:
    root = root or assets_dir()
    return sorted(p.stem for p in (root / "scenarios").glob("*.toml"))


def load_scenario(name: str, root: Path | None = None) -> Scenario:
    """A scenario by name, with its map (read from maps/ or generated).

    Raises:
        AssetError: if there is no such scenario, or its files have problems.
    """
    root = root or assets_dir()
    return _load_scenario(name, root)


@lru_cache(maxsize=32)
def _load_scenario(name: str, root: Path) -> Scenario:
    path = root / "scenarios" / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(scenario_names(root)) or "none"
        raise AssetError([f"unknown scenario {name!r} (known: {known})"])
    problems = Problems()
    data = read_toml(path, problems)
    problems.raise_if_any()
    technology = data.get("technology", "balanced")
    if not isinstance(technology, str):
        raise AssetError([f"{path}.technology: expected the name of an era in {TECHNOLOGY_FILE}, got {technology!r}"])
    ruleset = load_ruleset(root, technology)
    game_map = _scenario_map(data, ruleset, root, str(path), problems)
    problems.raise_if_any()
    return Scenario.from_mapping(data, game_map, ruleset, where=str(path))  # type: ignore[arg-type]


def load_all_scenarios(root: Path | None = None) -> list[Scenario]:
    """Every shipped scenario.

    Raises:
        AssetError: listing the problems of every broken scenario at once.
    """
    root = root or assets_dir()
    found, problems = [], []
    for name in scenario_names(root):
        try:
            found.append(load_scenario(name, root))
        except AssetError as error:
            problems.extend(error.problems)
    if problems:
        raise AssetError(problems)
    return found


def _scenario_map(data: dict[str, Any], ruleset: Ruleset, root: Path, where: str, problems: Problems) -> GameMap | None:
    if "map" in data and "generate" in data:
        problems.add(where, "give either 'map' or 'generate', not both")
        return None
    if "map" in data:
        map_name = data["map"]
        if not isinstance(map_name, str):
            problems.add(f"{where}.map", f"expected a map name, got {map_name!r}")
            return None
        map_path = root / "maps" / f"{map_name}.toml"
        map_data = read_toml(map_path, problems)
        if not map_data:
            return None
        return GameMap.from_mapping(map_data, ruleset, where=str(map_path), problems=problems)
    spec = data.get("generate")
    if not isinstance(spec, dict):
        problems.add(where, "needs 'map = NAME' or a [generate] table")
        return None
    try:
        return generate_map(
            ruleset, players=int(spec["players"]), width=int(spec["width"]), height=int(spec["height"]),
            seed=int(spec["seed"]), name=str(spec.get("name", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        problems.add(f"{where}.generate", f"cannot generate the map: {error}")
        return None


INJECTS_FILE = "injects.toml"


def load_inject_kinds(root: Path | None = None) -> dict[str, InjectKind]:
    """The inject kinds a teacher may send (assets/injects.toml), by name.

    Raises:
        AssetError: if the file is missing or has problems (all of them at once).
    """
    root = root or assets_dir()
    problems = Problems()
    data = read_toml(root / INJECTS_FILE, problems)
    problems.raise_if_any()
    return parse_inject_kinds(data, where=str(root / INJECTS_FILE))
