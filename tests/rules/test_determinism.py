"""Determinism: a match is a function of scenario, seed and orders, on any machine and in any process.

The engine never uses the ``random`` module or the order of set iteration, so
the final state hash of a bot match must be the same in a fresh interpreter
with another ``PYTHONHASHSEED`` (which reorders sets and string hashes). The
state hash is the hash of the canonical form, so equal canonical forms mean
equal hashes and a state's canonical form survives a round trip through JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from game.assets import load_scenario
from game.bots import make_bot
from game.rules import new_game
from game.rules.scenario import Scenario
from game.rules.state import GameState, canonical_bytes
from game.selfplay import play_match

ROOT = Path(__file__).resolve().parents[2]

# (scenario, seed, bots, turns): a whole duel, and the start of a four- and an eight-player match.
MATCHES = [
    ("duel", 2024, ("basic", "random"), None),
    ("doubly-dangerous", 77, ("basic", "random", "random", "basic"), 8),
    ("world", 5, ("random", "basic") * 4, 3),
]

FINAL_HASH = """
import json, sys
from game.assets import load_scenario
from game.bots import make_bot
from game.selfplay import play_match
name, seed, bots, turns = json.loads(sys.argv[1])
record = play_match(load_scenario(name), seed, [make_bot(b) for b in bots], max_turns=turns)
print(json.dumps([record.initial_hash] + [t.state_hash for t in record.turns]))
"""


def hashes_in_process(scenario: Scenario, seed: int, bots: tuple[str, ...], turns: int | None) -> list[str]:
    record = play_match(scenario, seed, [make_bot(b) for b in bots], max_turns=turns)
    return [record.initial_hash] + [t.state_hash for t in record.turns]


def hashes_in_subprocess(name: str, seed: int, bots: tuple[str, ...], turns: int | None, hash_seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", FINAL_HASH, json.dumps([name, seed, bots, turns])],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("name, seed, bots, turns", MATCHES, ids=[m[0] for m in MATCHES])
def test_a_match_hashes_the_same_in_another_process_with_another_hash_seed(name, seed, bots, turns):
    here = hashes_in_process(load_scenario(name), seed, bots, turns)
    assert len(here) > 2
    assert hashes_in_subprocess(name, seed, bots, turns, "123") == here
    assert hashes_in_subprocess(name, seed, bots, turns, "4242") == here


def test_a_match_hashes_the_same_when_played_twice(duel):
    assert hashes_in_process(duel, 5, ("random", "random"), 12) == hashes_in_process(duel, 5, ("random", "random"), 12)


def test_different_seeds_give_different_hashes(duel, standard):
    for scenario in (duel, standard):
        starts = {new_game(scenario, seed).state_hash() for seed in range(20)}
        assert len(starts) == 20
        finals, seedless = set(), set()
        for seed in range(5):
            record = play_match(scenario, seed, [make_bot("random") for _ in range(scenario.players)], max_turns=5)
            data = record.final_state.to_mapping()  # type: ignore[union-attr]
            finals.add(record.final_state.state_hash())  # type: ignore[union-attr]
            data.pop("seed")  # not only because the seed is in the state: the seed changes what happens
            seedless.add(canonical_bytes(data))
        assert len(finals) == len(seedless) == 5


def test_a_state_hash_is_the_hash_of_its_canonical_form(duel):
    record = play_match(duel, 9, [make_bot("basic"), make_bot("random")], max_turns=6)
    state: GameState = record.final_state  # type: ignore[assignment]
    data = state.to_mapping()
    encoded = canonical_bytes(data)
    # The canonical form is plain JSON and survives a round trip byte for byte.
    assert canonical_bytes(json.loads(encoded)) == encoded
    # The hash depends on the canonical form only: an equal state built anew hashes the same ...
    rebuilt = replace(state, units=dict(state.units), city_owner=dict(state.city_owner))
    assert rebuilt.state_hash() == state.state_hash() and rebuilt.to_mapping() == data
    # ... and the hash is stable: computing it (and the unit index) again changes nothing.
    _ = state.unit_at
    assert state.state_hash() == state.state_hash() == record.turns[-1].state_hash
    # Any change to the state changes the hash.
    unit = next(iter(state.units.values()))
    changed = [
        replace(state, turn=state.turn + 1),
        replace(state, seed=state.seed + 1),
        replace(state, units={**state.units, unit.id: replace(unit, strength=unit.strength - 1)}),
        replace(state, players=(replace(state.players[0], treasury=state.players[0].treasury + 1),)
                + state.players[1:]),
    ]
    assert len({s.state_hash() for s in changed} | {state.state_hash()}) == len(changed) + 1


def _hash_of_mapping(state: GameState) -> str:
    return hashlib.blake2b(canonical_bytes(state.to_mapping()), digest_size=16).hexdigest()


@pytest.mark.parametrize("name, seed, bots", [
    ("doubly-dangerous", 3, ("random",) * 4),
    ("doubly-dangerous", 1, ("security", "fearful", "reciprocator", "dove")),
    ("compatible-security", 2, ("planner", "basic", "revisionist", "cooperate")),
    ("duel", 4, ("planner", "random")),
])
def test_the_state_hash_is_written_straight_from_the_state_as_its_canonical_form_would_be(name, seed, bots):
    # state_hash writes the canonical text without building to_mapping (for speed): on every
    # state of whole matches (builds, battles, reports, ghosts, agreements, eliminations) it
    # must give exactly the bytes of canonical_bytes(to_mapping()).
    scenario = load_scenario(name)
    states = [new_game(scenario, seed)]
    record = play_match(scenario, seed, [make_bot(b) for b in bots], on_turn=lambda state, _: states.append(state))
    assert len(states) == len(record.turns) + 1
    for state in states:
        assert state.state_hash() == _hash_of_mapping(state)
    final = states[-1]
    assert any(p.knowledge.sightings for p in final.players) and final.units


def test_the_state_hash_of_a_state_made_by_hand_with_hexes_off_the_map(duel):
    state = new_game(duel, 1)
    unit = next(iter(state.units.values()))
    player = state.players[0]
    knowledge = replace(player.knowledge, visible=player.knowledge.visible | {(-40, 7), (99, -3)})
    odd = replace(state, units={**state.units, unit.id: replace(unit, at=(-50, 2))},
                  players=(replace(player, knowledge=knowledge),) + state.players[1:])
    assert odd.state_hash() == _hash_of_mapping(odd) != state.state_hash()
