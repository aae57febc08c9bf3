"""Golden playthroughs (tests/golden/): each scenario's recorded match replays to the same hash every turn.

A failure means the rules, a map or a scenario now play a recorded match differently. If that
change is meant, regenerate the files with ``python -m tests.golden --regenerate`` and commit the diff.
"""

from __future__ import annotations

import pytest

from game.rules.errors import RulesError
from tests.golden import REGENERATE, TURNS, Playthrough, all_scenarios, path_of, record, replay_hashes


@pytest.mark.parametrize("scenario", all_scenarios())
def test_the_golden_playthrough_replays_exactly(scenario):
    path = path_of(scenario)
    assert path.exists(), f"no golden playthrough for {scenario}: run `{REGENERATE} {scenario}`"
    golden = Playthrough.from_text(path.read_text())
    assert golden.scenario == scenario and len(golden.turns) >= 1
    try:
        start, hashes = replay_hashes(golden)
    except RulesError as error:
        pytest.fail(f"{path.name}: a recorded order is no longer legal ({error}). If the rules change is meant, "
                    f"run `{REGENERATE} {scenario}` and commit the diff.")
    assert start == golden.start, (f"{path.name}: the starting state changed. If that is meant, run "
                                   f"`{REGENERATE} {scenario}` and commit the diff.")
    for number, ((_, expected), got) in enumerate(zip(golden.turns, hashes), start=1):
        assert got == expected, (f"{path.name}: turn {number} resolves to another state ({got}, recorded {expected}). "
                                 f"If the rules change is meant, run `{REGENERATE} {scenario}` and commit the diff.")


def test_a_playthrough_reads_back_from_its_text():
    played = record("duel")
    assert Playthrough.from_text(played.to_text()) == played
    assert 1 <= len(played.turns) <= TURNS
    with pytest.raises(ValueError):
        Playthrough.from_text(played.to_text().replace("turn 2", "turn 3"))


def test_a_changed_order_changes_the_hash():
    played = record("duel")
    orders, state_hash = played.turns[-1]
    seat = min(orders)
    changed = {**orders, seat: [o for o in orders[seat] if not o.startswith("budget")] + ["budget 0/100/0"]}
    assert changed != orders
    tampered = Playthrough(played.scenario, played.seed, played.bots, played.start,
                           played.turns[:-1] + [(changed, state_hash)])
    _, hashes = replay_hashes(tampered)
    assert hashes[-1] != state_hash
