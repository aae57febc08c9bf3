"""Bots read no knob: the worlds must differ because of what the rules do, not because bots are told.

No module of game/bots or game/intel may read a scenario's ``offense_defense`` or
``distinguishability`` (as an attribute, or by name through ``getattr`` or a mapping key).
They judge the balance from the rules' numbers and readability from their own sightings
(game/intel/balance.py). Checked on the source, like tests/test_layering.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.assets import load_scenario
from game.intel.balance import balance, readability
from game.rules.setup import new_game
from game.rules.views import view_for
from game.selfplay import play_match
from game.bots import make_bot

ROOT = Path(__file__).resolve().parents[2]
KNOBS = {"offense_defense", "distinguishability"}


def _knob_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in KNOBS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} reads .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in KNOBS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} names {node.value!r}")
    return found


@pytest.mark.parametrize("package", ["game/bots", "game/intel"])
def test_no_bot_or_intel_module_reads_a_knob(package: str) -> None:
    problems = [p for path in sorted((ROOT / package).rglob("*.py")) for p in _knob_reads(path)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_knob_read(tmp_path: Path) -> None:
    sneaky = ROOT / "game" / "bots" / "_sneaky_probe.py"
    try:
        sneaky.write_text("def f(view):\n    return view.scenario.offense_defense\n")
        assert _knob_reads(sneaky)
    finally:
        sneaky.unlink()


def test_a_seat_reads_the_balance_from_the_rules_numbers() -> None:
    reads = {}
    for name in ("doubly-dangerous", "duel", "doubly-safe"):
        view = view_for(new_game(load_scenario(name), 1), 0)
        reads[name] = balance(view)
    assert reads["doubly-dangerous"] < reads["duel"] == 0.0 < reads["doubly-safe"]


def test_readability_follows_what_the_seat_sees() -> None:
    # A seat that has seen nothing has no idea; after some turns of watching, low
    # distinguishability reads lower than high.
    seen = {}
    for name in ("doubly-dangerous", "aggression-possible"):
        scenario = load_scenario(name)
        assert readability(view_for(new_game(scenario, 2), 0)) == 0.5
        record = play_match(scenario, 2, [make_bot("arm") for _ in range(scenario.players)], max_turns=10,
                            aims="security")
        assert record.final_state is not None
        seen[name] = sum(readability(view_for(record.final_state, p)) for p in range(scenario.players))
    assert seen["doubly-dangerous"] < seen["aggression-possible"]
