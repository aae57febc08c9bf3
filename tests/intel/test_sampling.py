"""Sampled hidden states agree with the seat's view, and differ only where the view is blind."""

from __future__ import annotations

import random

from game.bots import make_bot
from game.intel import Beliefs
from game.intel.sampling import play_out, sample_state
from game.rules.views import view_for
from game.selfplay import play_match


def _view_after(scenario, turns: int, seed: int = 2):
    record = play_match(scenario, seed, [make_bot("revisionist") for _ in range(scenario.players)], max_turns=turns)
    return view_for(record.final_state, 0)


def test_a_sample_keeps_what_the_seat_knows(standard) -> None:
    view = _view_after(standard, 6)
    beliefs = Beliefs(0)
    beliefs.update(view)
    sample = sample_state(view, beliefs, random.Random(1))
    assert sample.turn == view.turn and dict(sample.city_owner) == dict(view.city_owner)
    assert sample.players[0].aim == view.aim and sample.players[0].treasury == view.treasury
    mine = view_for(sample, 0)
    assert mine.units == view.units and mine.agreements == view.agreements
    held = {u.at: u for u in sample.units.values() if u.owner != 0}
    for s in view.sightings:
        unit = held[s.at]
        assert unit.owner == s.owner and s.strength_low <= unit.strength <= s.strength_high


def test_samples_are_reproducible_from_the_rng_and_can_be_played_forward(standard) -> None:
    view = _view_after(standard, 4)
    beliefs = Beliefs(0)
    beliefs.update(view)
    first = sample_state(view, beliefs, random.Random(7))
    assert first.state_hash() == sample_state(view, beliefs, random.Random(7)).state_hash()
    bots = {p: make_bot("security") for p in range(standard.players)}
    rng = random.Random(3)
    later = play_out(first, {p: (lambda v, legal, _s, b=b: b.decide(v, legal, rng)) for p, b in bots.items()}, 2)
    assert later.turn == first.turn + 2
