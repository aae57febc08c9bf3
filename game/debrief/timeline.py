"""The spiral timeline, as a pure function of plain facts: who armed, what each read, who attacked.

``spiral_timeline(facts)`` turns a match's facts (military shares per turn and seat, recorded
intents, reads of rivals, attacks, agreements, announcements) into the lines of the timeline.
It is the one definition of a *spiral step* and a *deterrence failure* (docs/TEACHING.md, "Reading
the debrief"), used by the report (``game.debrief.analysis``, from a replay with every seat's reads)
and by the window's end screen (from the reveal and the one seat's own reads). Standard library
only, so the client may import it without the rest of the debrief.

* a seat **armed** on turn t when its military share rose by ``ARMING_STEP`` points or more;
* a **spiral step**: a seat armed on turn t meaning it defensively (its recorded intent was defend,
  deter or cooperate; without a record, its aim was security), and on turn t+1 a rival that read it
  as a threat (``THREAT`` or more, or "will attack me") armed in turn;
* a **deterrence failure**: a revisionist attacked a rival whose read of it was below ``THREAT``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ARMING_STEP = 10  # percentage points of the budget
THREAT = 0.5
DEFENSIVE_INTENTS = ("defend", "deter", "cooperate")
STEP_KINDS = ("announcement", "inject", "armed", "spiral", "agreed", "broke", "first-strike", "attack", "deterrence-failure")
AIM_WORDS = {"security": "a security seeker", "revisionist": "a revisionist"}
AGREEMENT_WORDS = {"non_aggression": "a non-aggression pact", "arms_cap": "an arms cap",
                   "demilitarised": "a demilitarised zone", "inspection": "inspections"}


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the spiral timeline."""

    turn: int
    kind: str  # one of STEP_KINDS
    text: str


@dataclass(frozen=True, slots=True)
class Reading:
    """What one seat made of a rival on a turn: P(revisionist), where it came from, "will attack me"."""

    value: float
    source: str  # "recorded" (the player's own record) or "model" (the intent model, from its views)
    attack: bool | None = None

    @property
    def is_threat(self) -> bool:
        return self.value >= THREAT or bool(self.attack)


@dataclass(frozen=True, slots=True)
class Facts:
    """What the timeline is made from. Turns count from 1; ``shares`` also holds turn 0 (the start)."""

    names: tuple[str, ...]
    aims: tuple[str, ...]
    turns: int
    shares: dict[tuple[int, int], int]  # (turn, seat) -> military % of the budget played that turn
    intents: dict[tuple[int, int], str] = field(default_factory=dict)  # (turn, seat) -> recorded intent
    reads: dict[tuple[int, int, int], Reading] = field(default_factory=dict)  # (turn, observer, rival)
    attacks: dict[int, frozenset[tuple[int, int]]] = field(default_factory=dict)  # turn -> (attacker, victim)
    agreements: tuple[tuple[int, str, int, int], ...] = ()  # (turn, kind, one party, the other)
    broken: tuple[tuple[int, str, str, int], ...] = ()  # (turn, "broke" or "left", kind, by whom)
    announcements: tuple[tuple[int, str], ...] = ()  # (turn, text)
    injects: tuple[tuple[int, str], ...] = ()  # (turn, what onlookers were told): the teacher's injects


def agreement_words(kind: str) -> str:
    return AGREEMENT_WORDS.get(kind, kind.replace("_", " "))


def spiral_timeline(facts: Facts) -> tuple[Step, ...]:
    """The timeline's lines, in turn order (within a turn: announcements, arming, agreements, attacks)."""
    names, aims, share, intent, read = facts.names, facts.aims, facts.shares, facts.intents, facts.reads

    def armed(t: int, seat: int) -> bool:
        return t >= 1 and (t, seat) in share and (t - 1, seat) in share and \
            share[(t, seat)] - share[(t - 1, seat)] >= ARMING_STEP

    def meant_defensively(t: int, seat: int) -> bool:
        recorded = intent.get((t, seat), "")
        return recorded in DEFENSIVE_INTENTS if recorded else aims[seat] == "security"

    steps: list[Step] = []
    struck: set[tuple[int, int]] = set()
    for t in range(1, facts.turns + 1):
        for seat in range(len(names)):
            if not armed(t, seat):
                continue
            answered = False
            for other in range(len(names)):
                if other == seat or not armed(t - 1, other) or not meant_defensively(t - 1, other):
                    continue
                r = read.get((t, seat, other))
                if r is None or not r.is_threat:
                    continue
                answered = True
                steps.append(Step(t, "spiral", (
                    f"turn {t}: {names[seat]} raised its military share to {share[(t, seat)]}% after seeing "
                    f"{names[other]}'s build-up (to {share[(t - 1, other)]}% on turn {t - 1}); {names[seat]} read "
                    f"{names[other]} as {r.value:.0%} revisionist ({r.source}); {names[other]} was "
                    f"{AIM_WORDS.get(aims[other], aims[other])}")))
            if not answered:
                why = f" (meaning to {intent[(t, seat)]})" if intent.get((t, seat)) else ""
                steps.append(Step(t, "armed", (
                    f"turn {t}: {names[seat]} raised its military share from {share[(t - 1, seat)]}% to "
                    f"{share[(t, seat)]}%{why}; it was {AIM_WORDS.get(aims[seat], aims[seat])}")))
        for attacker, victim in sorted(facts.attacks.get(t, ())):
            r, seen = read.get((t, attacker, victim)), read.get((t, victim, attacker))
            why = "" if r is None else f"; it read {names[victim]} as {r.value:.0%} revisionist ({r.source})"
            if not struck:
                steps.append(Step(t, "first-strike", (
                    f"turn {t}: {names[attacker]} struck first, attacking {names[victim]}{why}; {names[attacker]} "
                    f"was {AIM_WORDS.get(aims[attacker], aims[attacker])}, {names[victim]} "
                    f"{AIM_WORDS.get(aims[victim], aims[victim])}")))
            elif (attacker, victim) not in struck:
                steps.append(Step(t, "attack", f"turn {t}: {names[attacker]} attacked {names[victim]}{why}"))
            if aims[attacker] == "revisionist" and seen is not None and seen.value < THREAT \
                    and (attacker, victim) not in struck:
                steps.append(Step(t, "deterrence-failure", (
                    f"turn {t}: deterrence failed: {names[victim]} read {names[attacker]} as only {seen.value:.0%} "
                    f"revisionist ({seen.source}); {names[attacker]} was a revisionist and attacked")))
            struck.add((attacker, victim))
    for turn, kind, one, other in facts.agreements:
        steps.append(Step(turn, "agreed", f"turn {turn}: {names[one]} and {names[other]} agreed to "
                                          f"{agreement_words(kind)}"))
    for turn, verb, kind, by in facts.broken:
        steps.append(Step(turn, "broke", f"turn {turn}: {names[by]} {verb} {agreement_words(kind)}"))
    for turn, text in facts.announcements:
        steps.append(Step(turn, "announcement", f"turn {turn}: the teacher announced: {text}"))
    for turn, text in facts.injects:
        steps.append(Step(turn, "inject", f"turn {turn}: the teacher's inject: {text}"))
    return tuple(sorted(steps, key=lambda s: (s.turn, STEP_KINDS.index(s.kind))))
