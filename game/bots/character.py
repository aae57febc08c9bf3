"""The personalities, as data: what each one fears, how it arms, when it fights, what it signs.

Each personality plays either aim (its seat's ``view.aim``): the aim decides what it
wants (a revisionist must take cities to score), the character how it goes about it.
Difficulty changes judgement, never information: an easy bot leans on the prior
instead of the evidence and reacts later; a hard bot trusts the evidence and picks
its targets better.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Character:
    name: str
    lens: str  # which end of the intent model's band it believes: "low", "mid" or "high"
    base_military: int  # percent, with nothing to fear
    arms_response: float  # extra percent per unit of the greatest P(attack) it judges
    revisionist_military: int  # percent, at least, when its aim is revisionist
    preempt: float | None  # strikes first at a rival whose judged P(attack) reaches this (None: never)
    threat_weight: float  # extra military percent per unit of offensive weight seen near its cities
    preempt_threat: float | None  # ... or whose offensive weight seen near its cities reaches this
    retaliates: bool  # answers attacks on its forces with local counter-attacks
    keeps_pacts: bool  # leaves a pact (a turn early) rather than breaking it
    force: int  # mobile units it gathers before a campaign
    defensive_builds: tuple[str, ...]
    offensive_builds: tuple[str, ...]
    offers: tuple[str, ...]  # agreement kinds it proposes to rivals it does not fear
    accepts: tuple[str, ...]  # agreement kinds it accepts from rivals it does not fear
    mirrors_arms: bool = False  # the reciprocator: arms as much as it sees its rivals arm
    prior_weight: float = 0.2  # how much it leans on the prior rather than the evidence (difficulty)
    picks_weakest: bool = False  # hard bots weigh defenders seen when choosing a target
    trust_bar: float = 0.5  # it trusts a rival whose judged P(revisionist) is below this
    answers_in_kind: bool = False  # the reciprocator: offers a rival the kinds of agreement it was offered
    forgives: bool = False  # stays in the agreements of a partner that has broken one
    # Cover (a revisionist aim only): the chance a turn that it fortifies, signs or offers an
    # inspection, or conceals its armies from one, to pass for a security seeker (RULES §10.5);
    # ``cover_preparing`` while it has a campaign in hand or is arming for one.
    cover: float = 0.25
    cover_preparing: float = 0.25


SECURITY = Character(
    name="security", lens="mid", base_military=20, arms_response=60, revisionist_military=50, preempt=0.75,
    threat_weight=8, preempt_threat=3.0, retaliates=True, keeps_pacts=True,
    force=4, defensive_builds=("infantry", "fortification"),
    offensive_builds=("armor", "infantry"), offers=("non_aggression", "inspection", "arms_cap", "demilitarised"),
    accepts=("non_aggression", "inspection", "arms_cap", "demilitarised"),
)
REVISIONIST = Character(  # the offensive realist: security through power, whatever its aim
    name="revisionist", lens="mid", base_military=40, arms_response=40, revisionist_military=60, preempt=0.45,
    threat_weight=8, preempt_threat=1.5, retaliates=True, keeps_pacts=False,
    force=3, defensive_builds=("infantry", "armor"),
    offensive_builds=("armor", "infantry", "artillery"), offers=("non_aggression",),
    accepts=("non_aggression", "arms_cap", "demilitarised"),  # signs what it can break when it pays
    cover=0.2, cover_preparing=0.6,  # lulls its target most when it is about to strike
)
FEARFUL = Character(  # worst-case thinking: believes the top of the band
    name="fearful", lens="high", base_military=30, arms_response=80, revisionist_military=60, preempt=0.5,
    threat_weight=12, preempt_threat=2.0, retaliates=True, keeps_pacts=True,
    force=4, defensive_builds=("infantry", "armor"),
    offensive_builds=("armor", "infantry"), offers=(), accepts=("non_aggression", "arms_cap"),
    trust_bar=0.25,  # it rarely trusts
    cover=0.1, cover_preparing=0.15,  # it fears being found out more than it hopes to fool
)
RECIPROCATOR = Character(  # tit for tat on arms: answers arms with arms, restraint with restraint
    name="reciprocator", lens="mid", base_military=10, arms_response=30, revisionist_military=50, preempt=None,
    threat_weight=6, preempt_threat=None, retaliates=True, keeps_pacts=True,
    force=4, defensive_builds=("infantry", "armor"),
    offensive_builds=("armor", "infantry"), offers=("non_aggression", "inspection"),
    accepts=("non_aggression", "inspection", "arms_cap", "demilitarised"), mirrors_arms=True,
    answers_in_kind=True,
)
DOVE = Character(  # believes the bottom of the band; signals restraint with fortifications and inspections
    name="dove", lens="low", base_military=10, arms_response=30, revisionist_military=40, preempt=None,
    threat_weight=4, preempt_threat=None, retaliates=False, keeps_pacts=True,
    force=6, defensive_builds=("fortification", "infantry"),
    offensive_builds=("infantry", "armor"), offers=("non_aggression", "inspection", "arms_cap", "demilitarised"),
    accepts=("non_aggression", "inspection", "arms_cap", "demilitarised"), forgives=True,
    cover=0.4, cover_preparing=0.4,  # a wolf in a dove's clothing
)

CHARACTERS = {c.name: c for c in (SECURITY, REVISIONIST, FEARFUL, RECIPROCATOR, DOVE)}
DIFFICULTIES = ("easy", "normal", "hard")


def with_difficulty(character: Character, difficulty: str) -> Character:
    """The same character with the judgement of a difficulty level.

    Raises:
        ValueError: for an unknown difficulty.
    """
    if difficulty == "normal":
        return character
    if difficulty == "easy":
        return replace(character, prior_weight=0.6, force=character.force + 1,
                       preempt=None if character.preempt is None else min(1.0, character.preempt + 0.15),
                       preempt_threat=None if character.preempt_threat is None else character.preempt_threat + 1)
    if difficulty == "hard":
        return replace(character, prior_weight=0.0, picks_weakest=True)
    raise ValueError(f"unknown difficulty {difficulty!r} (one of {', '.join(DIFFICULTIES)})")
