"""The personality bots: one decision procedure, parameterised by a ``Character``.

Each turn the bot folds the new view into its ``Beliefs`` (the intent model of
``game.intel``), judges each rival through its character's lens, and then:

1. sets its budget: its base military share, plus its response to the greatest
   threat it judges (the reciprocator mirrors the arming it sees instead), more in
   worlds where offence has the advantage;
2. picks at most one campaign: a revisionist aim marches on the nearest rival city
   once it has gathered its force; a security seeker strikes first only at a rival
   whose judged P(attack) reaches its character's threshold (lower where offence
   has the advantage). A pact-keeping character leaves a pact a turn before it
   attacks the partner; one that does not keep pacts simply breaks it;
3. counter-attacks rival units next to its own forces that attacked it lately (if
   it retaliates), garrisons its cities and digs in the rest;
4. offers and answers agreements in character (``game.bots.diplomacy`` for arms caps and
   demilitarised zones): it offers them to neighbours it trusts and that look calm, signs
   those it already complies with, and keeps them by holding the moves and builds that would
   break them. A pact-keeping character leaves every agreement with a rival a turn before it
   attacks it, and (unless it forgives) leaves the agreements of a partner that broke one; one that
   does not keep pacts signs anyway and breaks the agreements with its target when it marches.

It records ``last_record`` (a ``TurnIntent``) every turn for the debrief.
"""

from __future__ import annotations

import random
from typing import Callable
from dataclasses import dataclass, field

from game.bots.base import register
from game.bots.character import CHARACTERS, DIFFICULTIES, Character, with_difficulty
from game.bots import diplomacy, tactics
from game.intel import Beliefs, Estimate, RivalEstimate, balance, offensive_threat, prior_revisionist, readability
from game.rules.events import Proposed, Violation
from game.rules.hexgrid import Hex, distance
from game.rules.legal import LegalOrders
from game.rules.orders import Leave, Move, Order, Propose, SetBudget
from game.rules.state import Budget, PlayerId, Unit
from game.rules.views import PlayerView

INTELLIGENCE_SHARE = 10
MAX_MILITARY = 80
STRIKE_RADIUS = 2  # counter-attacks reach rival units this close to one of ours
RECENT = 2  # turns an attack on us stays fresh
OFFENCE_HEDGE = 30  # military percent at the strongest offence advantage, against rivals it cannot read
DETERRENCE = 0.6  # a campaign's force grows by this share of the offense-defense knob
FIRST_STRIKE = 0.5  # the bars for striking first grow by this share of the offense-defense knob
# The bots never read the scenario's knobs: ``balance`` and ``readability`` (game.intel.balance) are
# what the seat can tell of them from the rules' numbers and the reliability of its own sightings.
UNREAD_HEDGE = 12  # military percent at readability 0, in any world, against rivals it cannot read
READ_CALM = 0.6  # the bars for striking first grow by this share of (readability - 0.5)
LENS_READ = 0.6  # a worst- or best-case lens moves towards the mid estimate by this share of readability
SURPRISE = 0.4  # a campaign's force grows by this share of (readability - 0.5)
SIGNAL_READ = 0.5  # from this readability on, a security seeker's defensive builds are a readable signal
CALM = 0.3  # a rival whose judged P(attack) is below this looks calm enough to offer a cap or zone


@dataclass(frozen=True, slots=True)
class RivalRead:
    p_revisionist: float
    p_attack: float
    judged_revisionist: float  # through the character's lens and difficulty
    judged_attack: float


@dataclass(frozen=True, slots=True)
class TurnIntent:
    """What a bot meant this turn and how it read each rival (for the debrief)."""

    turn: int
    bot: str
    intent: str  # "develop", "arm", "defend", "retaliate against N", "campaign against N", "leave pact with N"
    military: int
    target: PlayerId | None
    reads: dict[PlayerId, RivalRead] = field(default_factory=dict)


class PersonalityBot:
    def __init__(self, character: Character, name: str) -> None:
        self.character = character
        self.name = name
        self.beliefs: Beliefs | None = None
        self.last_record: TurnIntent | None = None
        self._campaign: PlayerId | None = None
        self._offered: dict[PlayerId, set[str]] = {}  # kinds of agreement each rival has offered us
        self._broken: dict[PlayerId, int] = {}  # the latest turn each rival broke an agreement with us

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over or view.is_eliminated:
            return []
        if self.beliefs is None or self.beliefs.player != view.player:
            self.beliefs = Beliefs(view.player)
        self.beliefs.update(view)
        self._read_diplomacy(view)
        estimates = self.beliefs.estimate(view)
        alive = {r.id for r in view.rivals if not r.is_eliminated}
        reads = {r: self._read(view, e) for r, e in estimates.items() if r in alive}
        hostile = [r for r in sorted(alive) if self._attacked_us_lately(view, r)]

        military = self._military(view, reads, hostile)
        orders: list[Order] = [SetBudget(Budget(military, 100 - military - INTELLIGENCE_SHARE, INTELLIGENCE_SHARE))]
        target = self._choose_campaign(view, reads, hostile)
        intent = "develop" if military <= 20 else "arm"
        leaving = self._agreements_with(view, target) if target is not None and self.character.keeps_pacts else []
        if leaving:
            orders += [Leave(a) for a in leaving]
            intent = f"leave pact with {target}"
        mobile = tactics.mobile_units(view)
        home = set(tactics.own_cities(view))
        moved: set[str] = set()
        if target is not None and not leaving:
            goal = self._goal(view, target)
            if goal is not None:
                keep = self._garrison_keepers(view, mobile)
                marchers = [u for u in mobile if u.id not in keep]
                march = tactics.march(view, legal, marchers, goal)
                orders += march
                moved |= {o.unit for o in march}  # type: ignore[union-attr]
                intent = f"campaign against {target}"
        if self.character.retaliates and hostile:
            strikes = self._strikes(view, legal, hostile, moved, home)
            if strikes:
                orders += strikes
                moved |= {o.unit for o in strikes}  # type: ignore[union-attr]
                if not intent.startswith("campaign"):
                    intent = f"retaliate against {hostile[0]}"
        watching = tactics.scout(view, legal, [u for u in view.units if u.id not in moved])
        orders += watching
        moved |= {o.unit for o in watching}  # type: ignore[union-attr]
        rest = [u for u in view.units if u.id not in moved]
        orders += tactics.garrison(view, legal, rest, entrench=target is None)
        if intent in ("develop", "arm") and any(r.judged_attack >= 0.3 for r in reads.values()):
            intent = "defend"
        orders += self._builds(view, legal, military, target is not None or view.aim == "revisionist")
        orders += self._diplomacy(view, legal, reads, target, hostile)
        # Keep the caps and zones in force (a character that does not keep pacts breaks the ones
        # with its target: that is when breaking pays).
        broken = set() if self.character.keeps_pacts or target is None else set(
            a.id for a in diplomacy.in_force(view, target))
        orders = _without_repeated_leaves(diplomacy.keep(view, orders, broken))
        self.last_record = TurnIntent(view.turn, self.name, intent, military, target, reads)
        return orders

    # -- judgement ---------------------------------------------------------------------------------

    def _read(self, view: PlayerView, e: RivalEstimate) -> RivalRead:
        c = self.character
        # Worst-case (or best-case) thinking has room to work where forces cannot be told apart;
        # where they can, what is seen pins the read down and the lens pulls less far from the
        # estimate (Jervis: distinguishability lets a state see whether a rival's arms threaten it; the
        # seat judges it by how reliable its own sightings are).
        pull = 1 - LENS_READ * readability(view)
        end = {"low": lambda x: x.low, "mid": lambda x: x.p, "high": lambda x: x.high}[c.lens]
        def pick(x: Estimate) -> float:
            return x.p + (end(x) - x.p) * pull
        prior = prior_revisionist(view.scenario, view.aim)
        judged_rev = (1 - c.prior_weight) * pick(e.revisionist) + c.prior_weight * prior
        judged_att = (1 - c.prior_weight) * pick(e.attack) + c.prior_weight * 0.05
        return RivalRead(e.revisionist.p, e.attack.p, round(judged_rev, 4), round(judged_att, 4))

    def _attacked_us_lately(self, view: PlayerView, rival: PlayerId) -> bool:
        assert self.beliefs is not None
        last = self.beliefs.last_attack_on_me(rival)
        return last is not None and view.turn - last <= RECENT

    def _military(self, view: PlayerView, reads: dict[PlayerId, RivalRead], hostile: list[PlayerId]) -> int:
        c = self.character
        threat = max((r.judged_attack for r in reads.values()), default=0.0)
        seen = offensive_threat(view, lens=c.lens)
        offence_edge = max(0.0, -balance(view))
        if c.mirrors_arms:
            assert self.beliefs is not None
            arming = max((self.beliefs.arming(r) for r in reads), default=0.0)
            share = c.base_military + 100 * arming * (0.5 + 0.5 * offence_edge) + (20 if hostile else 0)
        else:
            # Where offence has the advantage a seat must be ready in time. Against rivals it cannot
            # read (low distinguishability) it hedges against all of them; where forces can be told
            # apart it arms against those it believes revisionist. A seat that cannot tell a
            # rival's defensive build from an offensive one also hedges in any world: it cannot
            # wait to see what the build was for.
            suspicion = max((r.judged_revisionist for r in reads.values()), default=0.0)
            readable = readability(view)
            hedge = OFFENCE_HEDGE * offence_edge * ((1 - readable) + readable * suspicion)
            hedge += UNREAD_HEDGE * (1 - readable)
            share = c.base_military + c.arms_response * threat + hedge + (20 if hostile else 0)
        share += c.threat_weight * seen
        if view.aim == "revisionist":
            share = max(share, c.revisionist_military)
        return int(min(MAX_MILITARY, max(0, round(share / 10) * 10)))

    def _choose_campaign(self, view: PlayerView, reads: dict[PlayerId, RivalRead],
                         hostile: list[PlayerId]) -> PlayerId | None:
        c = self.character
        candidates = [r for r in reads if tactics.cities_of(view, r)]
        if not candidates:
            self._campaign = None
            return None
        # Where defence has the advantage an attack needs more force, so aggression is deterred;
        # where offence has it, less (Jervis's first dimension). Where forces can be told apart
        # the victim sees an offensive build-up coming and is ready for it, so surprise is lost and
        # an attack needs more force again; where they cannot, a build-up passes for defence.
        force = max(1, round(c.force * (1 + DETERRENCE * balance(view))
                             * (1 + SURPRISE * (readability(view) - 0.5))))
        ready = len(tactics.mobile_units(view)) >= force + len(tactics.own_cities(view)) - 1
        if self._campaign in candidates and (ready or self._campaign in hostile):
            return self._campaign
        self._campaign = None
        if not ready:
            return None
        if view.aim == "revisionist":
            chosen = min(candidates, key=lambda r: (self._distance_to(view, r) + 2 * reads[r].judged_attack, r))
        elif c.preempt is not None:
            # Offence-dominant worlds make striking first pay: the bars are lower there. Where forces
            # can be told apart a seat can afford to wait and see what a rival's forces are for, so
            # the bars are higher; where they cannot, it must act on suspicion.
            scale = (1 + FIRST_STRIKE * balance(view)) * (1 + READ_CALM * (readability(view) - 0.5))
            bar = c.preempt * scale
            threat_bar = c.preempt_threat * scale if c.preempt_threat is not None else float("inf")
            feared = [r for r in candidates if reads[r].judged_revisionist >= 0.5 and (
                reads[r].judged_attack >= bar or offensive_threat(view, r, lens=c.lens) >= threat_bar)]
            if not feared:
                return None
            chosen = max(feared, key=lambda r: (reads[r].judged_attack, -r))
        else:
            return None
        self._campaign = chosen
        return chosen

    def _distance_to(self, view: PlayerView, rival: PlayerId) -> int:
        mine = tactics.own_cities(view)
        theirs = tactics.cities_of(view, rival)
        if not mine or not theirs:
            return 1000
        return min(distance(a, b) for a in mine for b in theirs)

    def _goal(self, view: PlayerView, rival: PlayerId) -> Hex | None:
        mine = tactics.own_cities(view)
        theirs = tactics.cities_of(view, rival)
        if not mine or not theirs:
            return None
        def cost(city: Hex) -> tuple[int, Hex]:
            near = min(distance(city, m) for m in mine)
            if self.character.picks_weakest:
                near += 3 * tactics.enemies_near(view, city, 1, rival)
            return (near, city)
        return min(theirs, key=cost)

    def _garrison_keepers(self, view: PlayerView, mobile: list[Unit]) -> set[str]:
        # One unit stays on each own city it already holds; fortifications never move anyway.
        keep: set[str] = set()
        cities = set(tactics.own_cities(view))
        for unit in sorted(mobile, key=lambda u: u.id):
            if unit.at in cities and unit.at not in {u.at for u in mobile if u.id in keep}:
                keep.add(unit.id)
        return keep

    def _agreements_with(self, view: PlayerView, rival: PlayerId) -> list[str]:
        # Inspections bind nothing and may stay; everything that an attack would break goes.
        return [a.id for a in view.agreements if a.kind != "inspection" and a.other(view.player) == rival]

    def _read_diplomacy(self, view: PlayerView) -> None:
        for event in view.report:
            if isinstance(event, Proposed) and event.target == view.player:
                self._offered.setdefault(event.proposer, set()).add(event.agreement_kind)
            elif isinstance(event, Violation) and event.by != view.player:
                self._broken[event.by] = view.turn

    def _strikes(self, view: PlayerView, legal: LegalOrders, hostile: list[PlayerId], moved: set[str],
                 home: set[Hex]) -> list[Order]:
        orders: list[Order] = []
        targets = [s for s in view.sightings if s.owner in hostile]
        taken: set[Hex] = set()
        for unit in tactics.mobile_units(view):
            if unit.id in moved or unit.entrenched or unit.at in home:
                continue
            reachable = {d.to for d in legal.moves.get(unit.id, ())}
            near = [s for s in targets if distance(s.at, unit.at) <= STRIKE_RADIUS and s.at in reachable
                    and s.at not in taken]
            if near:
                goal = min(near, key=lambda s: (s.strength_low, s.at))
                orders.append(Move(unit.id, goal.at, is_attack=True))
                taken.add(goal.at)
        return orders

    def _builds(self, view: PlayerView, legal: LegalOrders, military: int, offensive: bool) -> list[Order]:
        c = self.character
        if military < 20:
            return []
        # Where offence has the advantage and forces look alike, the best defence is to be able
        # to attack, and a defensive posture could not be read anyway: security seekers buy
        # offensive forces too, which is what makes that world doubly dangerous. Where forces can
        # be told apart, a defensive build is a readable signal, so they keep to it.
        scenario = view.scenario
        offensive = offensive or (balance(view) < 0 and readability(view) < 0.5 and military >= 40)
        kinds = list(c.offensive_builds if offensive else c.defensive_builds)
        if not offensive and view.aim == "security" and readability(view) >= SIGNAL_READ:
            # Where forces can be told apart a security seeker builds what reads as defence — a
            # fortification first (a costly signal), then only types that look defensive — so that
            # its rivals can see it means no harm.
            units = scenario.ruleset.units
            kinds = ["fortification"] + [k for k in kinds if k != "fortification" and units[k].offensive < 0.5]
        limit = 2 if military >= 50 else 1
        return tactics.builds(view, legal, kinds, limit)

    def _diplomacy(self, view: PlayerView, legal: LegalOrders, reads: dict[PlayerId, RivalRead],
                   target: PlayerId | None, hostile: list[PlayerId]) -> list[Order]:
        c = self.character
        orders: list[Order] = []
        trusted = {r for r, read in reads.items() if read.judged_revisionist < c.trust_bar and r != target}
        if c.mirrors_arms:
            assert self.beliefs is not None
            trusted = {r for r in trusted if self.beliefs.arming(r) < 0.5}
        calm = {r for r in trusted if reads[r].judged_attack < CALM and r not in hostile
                and view.turn - self._broken.get(r, -10) > RECENT}
        if view.turn <= 3 or view.turn % 5 == 0:
            for proposal in legal.proposals:
                if proposal.kind == "inspection" and view.aim == "revisionist":
                    continue  # it would show its hand (and so, kept out of it, an inspection is a costly signal)
                if proposal.kind in c.offers and proposal.kind not in diplomacy.CAP_KINDS and proposal.target in trusted:
                    orders.append(proposal)
            orders += self._offer_caps(view, sorted(calm))
        open_proposals = {p.id: p for p in view.proposals}
        for answer in legal.answers:
            offer = open_proposals.get(answer.proposal)
            if offer is None:
                continue
            kind, proposer = offer.kind, offer.proposer
            # A character that does not keep pacts signs whatever binds it only on paper.
            breakable = not c.keeps_pacts and kind in ("non_aggression", *diplomacy.CAP_KINDS)
            wanted = kind in c.accepts and (proposer in trusted or breakable)
            if kind in diplomacy.CAP_KINDS:
                wanted = wanted and diplomacy.can_sign(view, kind, offer.cap, offer.hexes, proposer)
            if view.aim == "revisionist" and kind == "inspection":
                wanted = False  # an inspection would show its hand
            if answer.is_accepted == wanted:
                orders.append(answer)
        if c.keeps_pacts and not c.forgives:
            # Tit for tat: an agreement the partner breaks binds only us, so we leave what we have
            # with it (inspections bind nothing and may stay).
            for rival, turn in sorted(self._broken.items()):
                if view.turn - turn <= RECENT:
                    orders += [Leave(a) for a in self._agreements_with(view, rival)]
        return orders

    def _offer_caps(self, view: PlayerView, calm: list[PlayerId]) -> list[Order]:
        c = self.character
        pending = {(p.kind, p.target if p.proposer == view.player else p.proposer) for p in view.proposals}
        orders: list[Order] = []
        for rival in calm:
            kinds = set(c.offers) | (self._offered.get(rival, set()) if c.answers_in_kind else set())
            if not diplomacy.zone(view, rival):
                continue  # not a neighbour: nothing between us to cap
            held = {a.kind for a in diplomacy.in_force(view, rival)}
            for kind in diplomacy.CAP_KINDS:
                if kind not in kinds or kind in held or (kind, rival) in pending:
                    continue
                if kind == "arms_cap":
                    orders.append(Propose(kind, rival, cap=diplomacy.cap_for(view, rival)))
                else:
                    hexes = diplomacy.buffer_hexes(view, rival)
                    if hexes:
                        orders.append(Propose(kind, rival, hexes=hexes))
        return orders


def _without_repeated_leaves(orders: list[Order]) -> list[Order]:
    seen: set[str] = set()
    result: list[Order] = []
    for order in orders:
        if isinstance(order, Leave):
            if order.agreement in seen:
                continue
            seen.add(order.agreement)
        result.append(order)
    return result


def _factory(character: Character, name: str) -> Callable[[], PersonalityBot]:
    return lambda: PersonalityBot(character, name)


for _name, _character in CHARACTERS.items():
    for _difficulty in DIFFICULTIES:
        _full = _name if _difficulty == "normal" else f"{_name}-{_difficulty}"
        register(_full)(_factory(with_difficulty(_character, _difficulty), _full))
