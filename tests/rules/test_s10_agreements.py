"""Rules section 10: agreements (docs/RULES.md)."""

from game.rules.views import view_for
from tests.rules.builders import events_of, hx, make_scenario, start, turn

A, B, C = 0, 1, 2
THREE = """
. . . . . . .
 . . . . . . .
. . . . . . .
 . . . . . . .
"""


def three_players():
    return make_scenario(THREE, players=3, cities=[("0,1", 0), ("6,1", 1), ("2,3", 2)])


def agreed(state, kind="non_aggression", extra=""):
    proposed = turn(state, {A: f"propose {kind} to 1{extra}"})
    [proposal] = view_for(proposed.state, B).proposals
    return turn(proposed.state, {B: f"accept {proposal.id}"})


def test_10_1_a_proposal_reaches_its_target_and_acceptance_makes_an_agreement():
    state = start(make_scenario(), [])
    proposed = turn(state, {A: "propose non_aggression to 1"})
    [event] = events_of(proposed, "proposed")
    assert event.audience == frozenset({A, B})
    [proposal] = view_for(proposed.state, B).proposals
    assert proposal.proposer == A and proposal.kind == "non_aggression"
    result = turn(proposed.state, {B: f"accept {proposal.id}"})
    assert [a.kind for a in view_for(result.state, A).agreements] == ["non_aggression"]
    assert events_of(result, "agreed")


def test_10_2_others_do_not_learn_of_an_agreement():
    state = start(three_players(), [])
    result = agreed(state)
    assert not view_for(result.state, C).agreements
    assert not [e for e in view_for(result.state, C).report if e.kind in ("agreed", "proposed")]


def test_10_3_proposal_ids_count_only_what_the_target_knows_about():
    state = start(three_players(), [])
    result = turn(state, {A: "propose non_aggression to 2; propose inspection to 2; propose non_aggression to 1"})
    [to_b] = view_for(result.state, B).proposals
    assert to_b.id == f"{state.turn}.0.1.0"


def test_10_4_attacking_a_pact_partner_is_a_violation_both_see():
    state = start(make_scenario(), [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(3, 1))])
    state = agreed(state).state
    result = turn(state, {A: "attack a1 to 3,1"})
    [violation] = events_of(result, "violation")
    assert violation.by == A and violation.audience == frozenset({A, B})
    assert any(e.kind == "violation" for e in view_for(result.state, B).report)


def test_10_5_leaving_takes_effect_at_the_end_of_the_turn():
    state = start(make_scenario(), [("a1", "armor", hx(2, 1)), ("b1", "infantry", hx(3, 1))])
    state = agreed(state).state
    [pact] = view_for(state, A).agreements
    result = turn(state, {A: f"leave {pact.id}; attack a1 to 3,1"})
    assert events_of(result, "violation") and events_of(result, "left")
    assert not result.state.agreements


def test_10_6_arms_caps_count_units_in_the_border_zone():
    state = start(make_scenario(), [("a1", "infantry", hx(3, 0)), ("a2", "infantry", hx(3, 2)), ("b1", "infantry", hx(6, 0))])
    state = agreed(state, "arms_cap", " cap 1").state
    result = turn(state, {})
    violations = events_of(result, "violation")
    assert [v.by for v in violations] == [A]


def test_10_7_demilitarised_hexes_must_stay_empty():
    state = start(make_scenario(), [("a1", "infantry", hx(2, 1))])
    state = agreed(state, "demilitarised", " hexes 3,1 3,0").state
    clean = turn(state, {})
    assert not events_of(clean, "violation")
    result = turn(state, {A: "move a1 to 3,1"})
    assert [v.by for v in events_of(result, "violation")] == [A]


def test_10_8_inspection_shows_true_types_in_the_border_zone():
    scenario = make_scenario(distinguishability=0.0)
    for seed in range(6):
        state = start(scenario, [("a1", "recon", hx(3, 1)), ("b1", "armor", hx(4, 1))], seed=seed)
        state = agreed(state, "inspection").state
        [seen] = view_for(state, A).sightings
        assert seen.looks == "armor" and seen.reliability == 1.0


def test_10_9_unanswered_proposals_expire_and_rejections_are_reported():
    state = start(make_scenario(), [])
    proposed = turn(state, {A: "propose inspection to 1"}).state
    [proposal] = view_for(proposed, B).proposals
    rejected = turn(proposed, {B: f"reject {proposal.id}"})
    assert events_of(rejected, "rejected") and not rejected.state.proposals
    later = proposed
    expired = []
    for _ in range(state.scenario.ruleset.agreements.proposal_lifetime):
        result = turn(later, {})
        expired += events_of(result, "expired")
        later = result.state
    assert expired and not later.proposals


def test_10_10_joint_attackers_do_not_break_their_own_pact():
    state = start(three_players(), [("a1", "armor", (1, 2)), ("b1", "armor", (3, 1)), ("c1", "recon", (2, 2))])
    state = agreed(state).state  # a non-aggression pact between 0 and 1
    result = turn(state, {A: "attack a1 to 2,2", B: "attack b1 to 2,2"})
    assert events_of(result, "battle") and not events_of(result, "violation")


def test_10_11_an_agreement_cannot_be_proposed_twice():
    import pytest

    from game.rules.errors import IllegalOrderError

    state = start(make_scenario(), [])
    state = agreed(state).state
    with pytest.raises(IllegalOrderError) as error:
        turn(state, {B: "propose non_aggression to 0"})
    assert error.value.code == "already-agreed"
    open_proposal = turn(state, {A: "propose inspection to 1"}).state
    with pytest.raises(IllegalOrderError) as error:
        turn(open_proposal, {B: "propose inspection to 0"})
    assert error.value.code == "already-proposed"


def test_10_12_the_border_zone_lies_between_two_players():
    from game.rules.territory import border_zone

    state = start(make_scenario(), [])
    zone = border_zone(state, A, B)
    assert zone and all(2 <= h[0] + (h[1] - (h[1] & 1)) // 2 <= 4 for h in zone)  # the middle columns
    assert zone == border_zone(state, B, A)
