"""Observation's shortcuts agree with the plain definitions they replace (RULES §9).

``Eyes.look_at`` walks rings of hexes outwards instead of measuring every eye, and
``_Signer.sign`` makes its two keyed draws and the strength range written out: on many
random placements of eyes and units both must give exactly what the definitions give.
"""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from game.assets import load_scenario
from game.rules import randomness
from game.rules.hexgrid import distance
from game.rules.observation import Eyes, _Signer, estimate_range
from game.rules.setup import new_game
from game.rules.state import GameState, Sighting, Unit
from tests.rules.builders import place

SCENARIO = load_scenario("doubly-dangerous")
HEXES = sorted(h for h, t in SCENARIO.board.terrain.items() if t.is_passable)
KINDS = sorted(SCENARIO.ruleset.units)

placements = st.lists(st.tuples(st.sampled_from(HEXES), st.sampled_from(KINDS)), min_size=1, max_size=12,
                      unique_by=lambda p: p[0])


def _state(own: list[tuple[tuple[int, int], str]], seed: int = 1, intel: int = 0) -> GameState:
    state = new_game(SCENARIO, seed)
    players = tuple(replace(p, intel_stock=intel) if p.id == 0 else p for p in state.players)
    state = replace(state, players=players)
    return place(state, [(f"a{i}", kind, h) for i, (h, kind) in enumerate(own)])


@given(placements, st.integers(0, 40))
def test_look_at_is_the_nearest_seeing_eye_and_detection(own, intel):
    state = _state(own, intel=intel)
    eyes = Eyes(state, 0)
    for h in sorted(eyes.visible):
        for hide in (0, 1, 2):
            near = [(distance(centre, h), radius) for centre, radius in eyes.sources if distance(centre, h) <= radius]
            expected_distance = min(d for d, _ in near)
            expected_detected = any(distance(centre, h) <= max(radius - hide, 1) for centre, radius in eyes.sources)
            assert eyes.look_at(h, hide) == (expected_distance, expected_detected), (h, hide)
        assert eyes.distance_to(h) == expected_distance
        assert eyes.can_detect(h) == (SCENARIO.board.terrain[h].hide == 0 or eyes.look_at(h, SCENARIO.board.terrain[h].hide)[1])


def _plain_sign(state: GameState, observer: int, unit: Unit, distance_: int, is_inspected: bool) -> Sighting:
    # The definition, with the generic draws (as observation.py wrote it before the shortcuts).
    rules = state.scenario.ruleset
    signatures = rules.signatures
    signer = _Signer(state, observer)
    if is_inspected:
        reliability = 1.0
    else:
        concealment = state.scenario.board.terrain[unit.at].concealment
        reliability = signer.base * (1 - concealment) - signatures.distance_penalty * max(0, distance_ - 1) + signer.skill
        reliability = round(min(signatures.max_reliability, max(signatures.min_reliability, reliability)), 2)
    identify, mistake, spread = randomness.uniforms(state.seed, 3, "signature", state.turn, observer, unit.at)
    looks = unit.kind
    looks_like = rules.units[unit.kind].looks_like
    if identify >= reliability and looks_like:
        looks = looks_like[int(mistake * len(looks_like))]
    low, high = estimate_range(unit.strength, reliability, signer.spread, spread, floor=1,
                               ceiling=rules.combat.strength_max)
    entrenched = unit.entrenched
    if reliability < 1:
        read, guess = randomness.uniforms(state.seed, 2, "posture", state.turn, observer, unit.at)
        if read >= reliability:
            entrenched = guess < 0.5
    return Sighting(unit.at, unit.owner, looks, reliability, low, high, entrenched, state.turn)


@given(st.sampled_from(HEXES), st.sampled_from(KINDS), st.integers(1, SCENARIO.ruleset.combat.strength_max),
       st.booleans(), st.integers(1, 8), st.booleans(), st.integers(0, 2**63), st.integers(0, 60))
def test_sign_is_the_keyed_signature(at, kind, strength, entrenched, distance_, is_inspected, seed, intel):
    state = _state([], seed=seed, intel=intel)
    unit = Unit("b7", 1, kind, at, strength, entrenched)
    signer = _Signer(state, 0)
    assert signer.sign(unit, distance_, is_inspected) == _plain_sign(state, 0, unit, distance_, is_inspected)
    # Asked again (its reliabilities are now remembered), the same.
    assert signer.sign(unit, distance_, is_inspected) == _plain_sign(state, 0, unit, distance_, is_inspected)
