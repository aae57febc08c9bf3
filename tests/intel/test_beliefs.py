"""The intent model: an exact prior, evidence that moves it the right way, and a band around it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.bots import make_bot
from game.intel import Beliefs, prior_revisionist
from game.intel.beliefs import expected_offensive
from game.rules.setup import new_game
from game.rules.events import Battle, BattleUnit, RivalSide
from game.rules.state import Sighting
from game.rules.views import view_for
from game.selfplay import play_match


def test_prior_follows_the_scenario_range_and_own_aim(duel, standard) -> None:
    # Duel: 0 or 1 revisionist of 2, equally likely. A security seeker is in the k=0 world
    # twice as often as in the k=1 world, and in the latter its rival is the revisionist.
    assert prior_revisionist(duel, "security") == pytest.approx(1 / 3)
    assert prior_revisionist(duel, "revisionist") == 0.0
    # Heartland: 1 or 2 of 4. P(k=1 | security) = 3/5, then the rival is one of 3 with chance 1/3, ...
    assert prior_revisionist(standard, "security") == pytest.approx(3 / 5 * 1 / 3 + 2 / 5 * 2 / 3)
    assert prior_revisionist(standard, "revisionist") == pytest.approx(2 / 3 * 1 / 3)


def _first_view(scenario, seed=5, player=0):
    state = new_game(scenario, seed)
    return view_for(state, player)


def test_without_evidence_the_estimate_is_the_prior(standard) -> None:
    view = _first_view(standard)
    beliefs = Beliefs(view.player)
    beliefs.update(view)
    prior = prior_revisionist(standard, view.aim)
    for estimate in beliefs.estimate(view).values():
        assert estimate.revisionist.p == pytest.approx(prior, abs=1e-3)
        assert estimate.revisionist.low < estimate.revisionist.p < estimate.revisionist.high


def _with_report(view, *events, sightings=()):
    return replace(view, turn=view.turn + 1, report=tuple(events), sightings=tuple(sightings))


def test_an_unprovoked_attack_on_us_moves_the_attacker_towards_revisionist(standard) -> None:
    view = _first_view(standard)
    me, rival = view.player, view.rivals[0].id
    battle = Battle(turn=1, at=(0, 0), form="assault", units=(BattleUnit("a1", me, "infantry", "defender", 10, 6),),
                    rivals=(RivalSide(rival, "attacker", 1, (0, 3), 0),), audience=frozenset({me, rival}))
    quiet, attacked = Beliefs(me), Beliefs(me)
    quiet.update(view)
    attacked.update(view)
    quiet.update(_with_report(view))
    attacked.update(_with_report(view, battle))
    later = _with_report(view)
    before = quiet.estimate(later)[rival]
    after = attacked.estimate(later)[rival]
    assert after.revisionist.p > before.revisionist.p
    assert after.attack.p > before.attack.p
    moved = [e for e in after.revisionist.evidence if e.kind == "first_strikes"]
    assert moved and moved[0].shift > 0 and "unprovoked" in moved[0].text


def test_a_fortification_is_a_costly_signal_of_restraint(standard) -> None:
    view = _first_view(standard)
    me, rival = view.player, view.rivals[0].id
    fort = Sighting((0, 0), rival, "fortification", 1.0, 10, 10, False, view.turn + 1)
    plain, signalled = Beliefs(me), Beliefs(me)
    plain.update(view)
    signalled.update(view)
    plain.update(_with_report(view))
    signalled.update(_with_report(view, sightings=[fort]))
    later = _with_report(view)
    assert signalled.estimate(later)[rival].revisionist.p < plain.estimate(later)[rival].revisionist.p
    assert any(e.kind == "fortifications" and e.shift < 0 for e in signalled.estimate(later)[rival].revisionist.evidence)


def test_a_signature_is_read_through_its_reliability(standard) -> None:
    sure = Sighting((0, 0), 1, "armor", 0.95, 5, 10, False, 1)
    unsure = Sighting((0, 0), 1, "armor", 0.2, 5, 10, False, 1)
    units = standard.ruleset.units
    assert expected_offensive(standard, sure) > expected_offensive(standard, unsure) > units["recon"].offensive


def test_beliefs_take_each_turn_once_and_only_their_own_seat(standard) -> None:
    view = _first_view(standard)
    beliefs = Beliefs(view.player)
    beliefs.update(view)
    beliefs.update(view)  # the same turn again: ignored
    assert beliefs.last_turn == view.turn
    with pytest.raises(ValueError, match="view of player"):
        beliefs.update(_first_view(standard, player=1))


def test_estimates_over_a_match_are_probabilities_with_bands_and_are_deterministic(duel) -> None:
    def run() -> list[tuple]:
        beliefs = [Beliefs(0), Beliefs(1)]
        out: list[tuple] = []

        def observe(state, _turn) -> None:
            for seat in (0, 1):
                view = view_for(state, seat)
                beliefs[seat].update(view)
                for rival, e in beliefs[seat].estimate(view).items():
                    for est in (e.revisionist, e.attack):
                        assert 0 <= est.low <= est.p <= est.high <= 1
                    out.append((state.turn, seat, rival, e.revisionist.p, e.attack.p))

        play_match(duel, 11, [make_bot("revisionist"), make_bot("security")], max_turns=12, on_turn=observe)
        return out

    first = run()
    assert first and first == run()


def test_aimless_conduct_is_discounted_towards_the_prior(standard) -> None:
    # A rival that made us offers reads as playing with an aim; one that made none, wandered
    # and walked into neutral cities reads as aimless, and its evidence counts for less.
    from game.intel.beliefs import erratic

    view = _first_view(standard)
    beliefs = Beliefs(view.player)
    beliefs.update(view)
    features = beliefs.revisionist_features(view.rivals[0].id, view)
    with_aim = dict(features, peace_offers=1.0)
    aimless = dict(features, wandering=1.5, captures_neutral=0.7)
    assert 0 <= erratic(with_aim, 10) < 0.2 < 0.5 < erratic(aimless, 10) <= 1


def test_a_repeated_estimate_is_the_one_a_fresh_reading_gives_and_follows_the_view(standard) -> None:
    # Beliefs keeps its latest estimate (the lab and a bot ask for it with equal views): asked
    # again it must equal what the same views give fresh beliefs, and any change of what the
    # estimate reads in the view (here the agreements in force) must be taken into account.
    from game.rules.state import Agreement

    record = play_match(standard, 3, [make_bot("security") for _ in range(4)], max_turns=6)
    state = record.final_state
    view = view_for(state, 0)
    kept, fresh = Beliefs(0), Beliefs(0)
    kept.update(view)
    first = kept.estimate(view)
    first.clear()  # a caller's copy: changing it changes nothing kept
    again = kept.estimate(replace(view))
    fresh.update(view)
    assert again == fresh.estimate(view) and again
    none = replace(view, agreements=())
    every = replace(view, agreements=tuple(
        Agreement(f"{kind}-{r.id}", kind, (0, r.id), view.turn, None, ())
        for r in view.rivals for kind in ("non_aggression", "inspection")))
    assert kept.estimate(none) == fresh.estimate(none) != kept.estimate(every) == fresh.estimate(every)
