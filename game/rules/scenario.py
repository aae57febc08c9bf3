"""Scenarios: a map, the ruleset, and the knobs of one kind of world.

Every scenario declares Jervis's two knobs:

* ``offense_defense`` in [-1, 1]: below 0 offence has the advantage, above 0 defence;
* ``distinguishability`` in [0, 1]: how well observers can tell offensive forces
  from defensive ones.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Mapping

from game.rules.board import Board
from game.rules.fields import Problems, field, unknown_keys
from game.rules.mapdata import GameMap
from game.rules.ruleset import Ruleset

SCENARIO_KEYS = {
    "name", "title", "description", "map", "generate", "turns", "offense_defense", "distinguishability",
    "revisionists", "starting_treasury", "starting_units", "player_names", "technology", "lesson",
}


@dataclass(frozen=True, slots=True, repr=False)
class Scenario:
    name: str
    title: str
    description: str
    turns: int
    offense_defense: float
    distinguishability: float
    revisionists: tuple[int, int]  # fewest and most revisionist seats; the seed picks within
    starting_treasury: int
    starting_units: tuple[str, ...]
    player_names: tuple[str, ...]
    map: GameMap
    ruleset: Ruleset  # with the scenario's technology era in place
    lesson: str = ""  # what the scenario teaches, in a sentence (``spiral scenarios``)
    board: Board = dataclass_field(init=False, repr=False, compare=False)
    fingerprint: str = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "board", Board(self.map, self.ruleset))
        # Two scenarios with the same name but other data must not share state hashes.
        content = json.dumps(
            [self.name, self.turns, self.offense_defense, self.distinguishability, self.revisionists,
             self.starting_treasury, self.starting_units, self.map.to_mapping(self.ruleset), repr(self.ruleset)],
            sort_keys=True,
        )
        object.__setattr__(self, "fingerprint", hashlib.blake2b(content.encode(), digest_size=8).hexdigest())

    def __repr__(self) -> str:
        return f"Scenario({self.name!r}, fingerprint={self.fingerprint!r})"

    @property
    def players(self) -> int:
        return self.map.players

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], game_map: GameMap, ruleset: Ruleset, *, where: str = "scenario",
        problems: Problems | None = None,
    ) -> Scenario:
        """Parse a scenario file's contents; the loader has already read its map.

        Raises:
            AssetError: listing every problem found.
        """
        own = problems is None
        problems = problems or Problems()
        unknown_keys(problems, data, SCENARIO_KEYS, where)
        players = game_map.players
        revisionists = data.get("revisionists", [0, 1])
        if (
            not isinstance(revisionists, list) or len(revisionists) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in revisionists)
            or not 0 <= revisionists[0] <= revisionists[1] <= players
        ):
            problems.add(f"{where}.revisionists", f"expected [fewest, most] within 0..{players}, got {revisionists!r}")
            revisionists = [0, 0]
        units = data.get("starting_units", [])
        if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
            problems.add(f"{where}.starting_units", "expected a list of unit type names")
            units = []
        for unit in units:
            if unit not in ruleset.units:
                problems.add(f"{where}.starting_units", f"unknown unit type {unit!r}")
        names = data.get("player_names", [f"Player {i + 1}" for i in range(players)])
        if not isinstance(names, list) or len(names) < players or not all(isinstance(n, str) for n in names):
            problems.add(f"{where}.player_names", f"expected at least {players} names")
            names = [f"Player {i + 1}" for i in range(players)]
        scenario = cls(
            name=field(problems, data, "name", str, where),
            title=field(problems, data, "title", str, where),
            description=field(problems, data, "description", str, where, default=""),
            turns=field(problems, data, "turns", int, where, low=1, high=500),
            offense_defense=field(problems, data, "offense_defense", float, where, low=-1, high=1),
            distinguishability=field(problems, data, "distinguishability", float, where, low=0, high=1),
            revisionists=(revisionists[0], revisionists[1]),
            starting_treasury=field(problems, data, "starting_treasury", int, where, default=0, low=0),
            starting_units=tuple(units),
            player_names=tuple(names[:players]),
            map=game_map,
            ruleset=ruleset,
            lesson=field(problems, data, "lesson", str, where, default=""),
        )
        if own:
            problems.raise_if_any()
        return scenario
