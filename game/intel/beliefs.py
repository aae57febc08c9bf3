"""What one seat believes about each rival: is it revisionist, and will it attack us soon?

The model is a logistic one, read as Bayes in log-odds:

    log-odds(revisionist) = log-odds(prior) + sum of weight × feature

The prior is exact: the scenario's revisionist range (the seed picks a count
uniformly within it, then the seats) conditioned on the observer's own aim,
which it knows. Each feature is something the seat has seen — attacks,
captures, broken agreements, refused inspections, peace offers, offensive-
looking signatures, forces massing near its cities, forces abroad before any
hostile act, offers it rejected, the most of its units seen at once, mole reports — summed over
its history of views (counts pass through log(1 + n): repeated evidence of the
same kind is correlated, so the tenth attack says less than the first). The
weights (``model.py``) are fitted on bot matches where the truth is known; see
``benchmarks/intel_calibration.py``.

Every change a view makes to a feature is logged as an ``Evidence`` item with
the shift in log-odds it caused, so a reader can see what moved each estimate.

Some play says nothing about aims: a state that makes no offers, wanders about
and walks into neutral cities does so whatever it wants (the ``random`` bot is
the extreme case, but a novice can look the same). The model therefore also
estimates how *erratic* a rival is — a logistic score of a few features, fitted
to tell aimless play from play with an aim — and discounts the evidence by it:

    log-odds(revisionist) = log-odds(prior) + (1 - erratic) × sum of weight × feature

so that, the more a rival's conduct looks aimless, the nearer its estimate
stays to the prior.

The uncertainty band is an 80% interval of a Beta distribution with the
estimate as its mean and ``BAND_PSEUDO_COUNT`` + (number of evidence items)
as its weight: the more the seat has seen of a rival, the narrower the band.
It says how far more evidence could plausibly move the estimate, not a
frequentist interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from game.intel import model
from game.rules.events import Battle, Captured, Event, Left, MoleReport, Proposed, Rejected, Violation
from game.rules.hexgrid import Hex, disk
from game.rules.scenario import Scenario
from game.rules.state import PlayerId, Sighting
from game.rules.views import PlayerView

BAND_PSEUDO_COUNT = 4
BAND_Z = 1.2816  # 80% two-sided
NEAR_CITY = 4  # hexes: a rival unit this close to one of our cities is "near the border"
NEAR_ATTACK = 3  # hexes: a rival unit this close to our units or cities could strike within two turns
SIGNATURE_MEMORY = 0.7  # weight of the past in the running mean of signature offensiveness
BUILDUP_MEMORY = 0.6
NEUTRAL_OFFENSIVE = 0.4  # an offensiveness above this looks aggressive
NEUTRAL_ARMING = 0.3  # a rival's military share, before anything is seen of it
MIN_LOGGED_SHIFT = 0.05  # smaller moves of the running features are not logged as evidence
HOSTILE = ("first_strikes", "attacks_on_me", "attacks_on_others", "captures_from_players", "pact_violations")


@dataclass(frozen=True, slots=True)
class Evidence:
    turn: int  # the turn of the view that brought it
    kind: str  # a feature name from model.REVISIONIST_WEIGHTS or model.ATTACK_WEIGHTS
    text: str
    shift: float  # change of the log-odds it caused (positive: towards revisionist / attack)


@dataclass(frozen=True, slots=True)
class Estimate:
    p: float
    low: float  # the uncertainty band (80%)
    high: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class RivalEstimate:
    rival: PlayerId
    revisionist: Estimate  # P(the rival's aim is revisionist)
    attack: Estimate  # P(the rival attacks this seat's units or cities within the next two turns)


def prior_revisionist(scenario: Scenario, my_aim: str) -> float:
    """P(a given rival is revisionist), knowing only the scenario and one's own aim.

    The seed picks the number of revisionists k uniformly in the scenario's range,
    then which seats, every seat equally likely (docs/RULES.md 1.1).
    """
    n = scenario.players
    if n < 2:
        return 0.0
    low, high = scenario.revisionists
    joint_mine = 0.0
    joint_both = 0.0
    for k in range(low, high + 1):
        if my_aim == "revisionist":
            p_mine, p_rival = k / n, (k - 1) / (n - 1)
        else:
            p_mine, p_rival = (n - k) / n, k / (n - 1)
        joint_mine += p_mine
        joint_both += p_mine * max(0.0, p_rival)
    return joint_both / joint_mine if joint_mine > 0 else 0.0


@dataclass
class _Record:
    """Running tallies about one rival (internal, mutable)."""

    counts: dict[str, int] = field(default_factory=dict)
    signature: float = 0.0  # running mean of (expected offensiveness - neutral) of its seen units
    readable_signature: float = 0.0  # the same, each sighting weighted by its reliability
    buildup: float = 0.0  # running mean of its mobile units seen near our cities
    forward: float = 0.0  # running mean of its units seen nearer another player's city than its own
    fortification_seen: bool = False
    mole_military: list[int] = field(default_factory=list)
    mole_offense: float = 0.0
    quiet_turns: int = 0  # resolutions observed while it had never been seen to act with hostility
    wandering: int = 0  # views in which its units were seen beyond its own ground before any hostile act
    most_seen: int = 0  # the most of its units seen in one view
    last_attack_on_me: int = -10
    we_attacked: bool = False  # we have attacked it (so its attacks on us may be answers)
    near_now: int = 0  # its mobile units seen within NEAR_ATTACK of ours this turn
    near_offense_now: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def is_hostile(self) -> bool:
        return any(self.counts.get(k, 0) for k in HOSTILE)


class Beliefs:
    """One seat's beliefs about its rivals, updated from each new view in turn order."""

    def __init__(self, player: PlayerId) -> None:
        self.player = player
        self.last_turn = 0
        self._records: dict[PlayerId, _Record] = {}
        self._record_features: dict[PlayerId, dict[str, float]] = {}  # see revisionist_features
        # The latest estimate, with what it was made from: a bot and the lab ask for it with equal
        # views of the same turn (the records change only in update, which moves last_turn).
        self._estimated: tuple[tuple[Any, ...], Scenario, dict[PlayerId, RivalEstimate]] | None = None

    def update(self, view: PlayerView) -> None:
        """Take in a new view (views of a turn already seen are ignored).

        Raises:
            ValueError: if the view is another seat's.
        """
        if view.player != self.player:
            raise ValueError(f"beliefs of player {self.player} given the view of player {view.player}")
        if view.turn <= self.last_turn:
            return
        self.last_turn = view.turn
        for rival in view.rivals:
            self._records.setdefault(rival.id, _Record())
        before = {r: self.revisionist_features(r, view) for r in self._records}
        self._record_features = {}  # the records change now
        notes: dict[PlayerId, dict[str, list[str]]] = {r: {} for r in self._records}
        self._read_report(view, notes)
        self._read_sightings(view, notes, _Ground(view))
        for rival_id, record in self._records.items():
            if not record.is_hostile() and view.turn > 1:  # turn 1's view follows no resolution
                record.quiet_turns += 1
            self._record_features[rival_id] = _record_features(record)  # the record is final for this view
            after = self.revisionist_features(rival_id, view)
            readable = 1 - erratic(after, view.turn)
            for kind, weight in model.REVISIONIST_WEIGHTS.items():
                shift = readable * weight * (after[kind] - before[rival_id][kind])
                texts = notes[rival_id].get(kind)
                if texts or abs(shift) >= MIN_LOGGED_SHIFT:
                    text = "; ".join(texts) if texts else _DESCRIPTIONS[kind]
                    record.evidence.append(Evidence(view.turn, kind, text, round(shift, 3)))

    def estimate(self, view: PlayerView) -> dict[PlayerId, RivalEstimate]:
        """The current estimate for every rival, from the views taken in so far."""
        # All that the estimate reads of the view besides the scenario (compared by identity).
        key = (self.last_turn, view.turn, view.aim, view.rivals, view.agreements)
        found = self._estimated
        if found is not None and found[1] is view.scenario and found[0] == key:
            return dict(found[2])
        result = self._estimate_now(view)
        self._estimated = (key, view.scenario, result)
        return dict(result)

    def _estimate_now(self, view: PlayerView) -> dict[PlayerId, RivalEstimate]:
        prior = prior_revisionist(view.scenario, view.aim)
        result = {}
        for rival in view.rivals:
            record = self._records.get(rival.id) or _Record()
            features = self.revisionist_features(rival.id, view)
            if prior in (0.0, 1.0):  # the scenario settles it: no evidence can move it
                revisionist = Estimate(prior, prior, prior, ())
            else:
                logit = _logit(prior) + (1 - erratic(features, view.turn)) * sum(
                    w * features[k] for k, w in model.REVISIONIST_WEIGHTS.items())
                evidence = tuple(record.evidence)
                revisionist = _estimate(_sigmoid(logit), len(evidence), evidence)
            result[rival.id] = RivalEstimate(rival.id, revisionist, self._attack(view, rival.id, record, revisionist.p))
        return result

    def revisionist_probabilities(self, view: PlayerView) -> dict[PlayerId, float]:
        return {r: e.revisionist.p for r, e in self.estimate(view).items()}

    def last_attack_on_me(self, rival: PlayerId) -> int | None:
        """The turn of the latest view that reported the rival attacking us, if any."""
        record = self._records.get(rival)
        return record.last_attack_on_me if record is not None and record.last_attack_on_me > 0 else None

    def arming(self, rival: PlayerId) -> float:
        """Estimated military share (0..1) of a rival: the latest mole leak, else read from its forces seen."""
        record = self._records.get(rival)
        if record is None:
            return NEUTRAL_ARMING
        if record.mole_military:
            return record.mole_military[-1] / 100
        return max(0.0, min(1.0, NEUTRAL_ARMING + 0.15 * record.buildup + 0.8 * record.signature))

    # -- reading one view -------------------------------------------------------------------------

    def _note(self, notes: dict[PlayerId, dict[str, list[str]]], rival: PlayerId, kind: str, text: str) -> None:
        record = self._records.get(rival)
        if record is None:
            return
        record.counts[kind] = record.counts.get(kind, 0) + 1
        notes[rival].setdefault(kind, []).append(text)

    def _read_report(self, view: PlayerView, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        for event in view.report:
            reader = _REPORT_READERS.get(type(event))
            if reader is not None:
                reader(self, view, event, notes)

    def _read_battle(self, view: PlayerView, event: Battle, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        at = f" at {event.at[0]},{event.at[1]}" if event.at else ""
        mine = event.roles
        for side in event.rivals:
            struck = side.role in ("defender", "meeting") and side.owner in self._records
            if "attacker" in mine and struck:
                self._records[side.owner].we_attacked = True
        for side in event.rivals:
            rival, role = side.owner, side.role
            if role == "attacker" and mine & {"defender", "meeting"} and rival in self._records:
                # Striking first says more about aims than striking back.
                if self._records[rival].we_attacked:
                    self._note(notes, rival, "attacks_on_me", f"attacked us (after we attacked it){at}")
                else:
                    self._note(notes, rival, "first_strikes", f"attacked us unprovoked{at}")
                self._records[rival].last_attack_on_me = view.turn
            elif role == "attacker":
                self._note(notes, rival, "attacks_on_others", f"seen attacking{at}")
            if role == "attacker" and event.at is not None and _is_forward(view, event.at, rival):
                self._note(notes, rival, "invasions", f"attacked beyond its own ground{at}")
            elif role == "meeting" and mine:
                self._note(notes, rival, "meetings", f"clashed with us in a meeting battle{at}")

    def _read_capture(self, view: PlayerView, event: Captured, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        if event.by == self.player or event.by not in self._records:
            return
        if event.taken_from is None:
            self._note(notes, event.by, "captures_neutral", f"took the neutral city {event.city}")
        else:
            self._note(notes, event.by, "captures_from_players", f"took {event.city} from player {event.taken_from}")

    def _read_violation(self, view: PlayerView, event: Violation, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        if event.by == self.player:
            return
        kind = "pact_violations" if event.agreement_kind == "non_aggression" else "other_violations"
        self._note(notes, event.by, kind, f"broke a {_words(event.agreement_kind)}: {event.what}")

    def _read_rejection(self, view: PlayerView, event: Rejected, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        if event.proposer != self.player:
            return
        if event.agreement_kind == "inspection":
            self._note(notes, event.target, "inspection_refused", "refused our inspection offer")
        else:
            self._note(notes, event.target, "offers_rejected", f"rejected our {_words(event.agreement_kind)} offer")

    def _read_proposal(self, view: PlayerView, event: Proposed, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        if event.target == self.player:
            self._note(notes, event.proposer, "peace_offers", f"offered a {_words(event.agreement_kind)}")

    def _read_leaving(self, view: PlayerView, event: Left, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        if event.by != self.player:
            self._note(notes, event.by, "left_agreements", f"left a {_words(event.agreement_kind)}")

    def _read_mole(self, view: PlayerView, event: MoleReport, notes: dict[PlayerId, dict[str, list[str]]]) -> None:
        record = self._records.get(event.rival)
        if record is None:
            return
        if event.budget is not None:
            military = event.budget.military
            record.mole_military.append(military)
            notes[event.rival].setdefault("mole_military", []).append(f"mole: military share about {military}%")
        else:
            kinds = list(event.builds or ())
            units = view.scenario.ruleset.units
            record.mole_offense += sum(units[k].offensive - NEUTRAL_OFFENSIVE for k in kinds if k in units)
            notes[event.rival].setdefault("mole_offense", []).append(
                "mole: built " + (", ".join(kinds) if kinds else "nothing"))

    def _read_sightings(self, view: PlayerView, notes: dict[PlayerId, dict[str, list[str]]], ground: _Ground) -> None:
        units = view.scenario.ruleset.units
        my_cities = [h for h, owner in view.city_owner.items() if owner == self.player]
        my_places = my_cities + [u.at for u in view.units]
        seen: dict[PlayerId, list[Sighting]] = {}
        for s in view.sightings:
            if s.owner in self._records:
                seen.setdefault(s.owner, []).append(s)
        for rival_id, record in self._records.items():
            sightings = seen.get(rival_id, [])
            record.near_now = 0
            record.near_offense_now = 0.0
            if not sightings:
                record.buildup *= BUILDUP_MEMORY
                record.forward *= BUILDUP_MEMORY
                continue
            offense = [expected_offensive(view.scenario, s) for s in sightings]
            mean = sum(offense) / len(offense) - NEUTRAL_OFFENSIVE
            record.signature = SIGNATURE_MEMORY * record.signature + (1 - SIGNATURE_MEMORY) * mean
            # What a signature says about aims is only as good as its reliability: a misread tells
            # nothing, so where forces cannot be told apart the looks of a rival's forces hardly move
            # the estimate, and where they can (or under inspection) they move it fully.
            readable = sum(s.reliability * (units[s.looks].offensive if s.looks in units else NEUTRAL_OFFENSIVE)
                           - s.reliability * NEUTRAL_OFFENSIVE for s in sightings) / len(sightings)
            record.readable_signature = (SIGNATURE_MEMORY * record.readable_signature
                                         + (1 - SIGNATURE_MEMORY) * readable)
            near_border = 0
            for s, off in zip(sightings, offense):
                if s.looks == "fortification" and s.reliability >= 1 and not record.fortification_seen:
                    record.fortification_seen = True
                    notes[rival_id].setdefault("fortifications", []).append(
                        f"built a fortification at {s.at[0]},{s.at[1]}")
                if s.entrenched or units.get(s.looks) is not None and not units[s.looks].can_move:
                    continue
                if _within(s.at, my_cities, NEAR_CITY):
                    near_border += 1
                if _within(s.at, my_places, NEAR_ATTACK):
                    record.near_now += 1
                    record.near_offense_now += off
            record.buildup = BUILDUP_MEMORY * record.buildup + (1 - BUILDUP_MEMORY) * near_border
            forward = sum(1 for s in sightings if not s.entrenched and ground.is_forward(s.at, rival_id))
            record.forward = BUILDUP_MEMORY * record.forward + (1 - BUILDUP_MEMORY) * forward
            record.most_seen = max(record.most_seen, len(sightings))
            if forward and not record.is_hostile():
                # Forces abroad with no hostile act to show for it: a state that means to take
                # cities comes to blows soon, so a long wander without one says less about aims.
                record.wandering += 1
            if forward:
                notes[rival_id].setdefault("forward", []).append(f"{forward} units seen beyond its own ground")
            if near_border:
                notes[rival_id].setdefault("buildup", []).append(f"{near_border} mobile units seen near our cities")

    # -- features and estimates -------------------------------------------------------------------

    def revisionist_features(self, rival: PlayerId, view: PlayerView) -> dict[str, float]:
        """The features behind P(revisionist), by name as in ``model.REVISIONIST_WEIGHTS``."""
        # All but the agreements in force come from the rival's record alone, which changes only
        # in update: worked out once per update (update and estimate ask for them three times).
        found = self._record_features.get(rival)
        if found is None:
            found = _record_features(self._records.get(rival) or _Record())
        features = dict(found)
        in_force = {a.kind for a in view.agreements if a.other(self.player) == rival}
        features["inspection_in_force"] = 1.0 if "inspection" in in_force else 0.0
        features["pact_in_force"] = 1.0 if "non_aggression" in in_force else 0.0
        return features

    def attack_features(self, view: PlayerView, rival: PlayerId, p_revisionist: float) -> dict[str, float]:
        """The features behind P(attack within two turns), by name as in ``model.ATTACK_WEIGHTS``."""
        record = self._records.get(rival) or _Record()
        return {
            "revisionist": _logit(min(0.999, max(0.001, p_revisionist))),
            "recent_attack": 1.0 if view.turn - record.last_attack_on_me <= 2 else 0.0,
            "near_units": math.log1p(record.near_now),
            "near_offense": record.near_offense_now,
            "pact_in_force": 1.0 if any(a.kind == "non_aggression" and a.other(self.player) == rival
                                        for a in view.agreements) else 0.0,
        }

    def _attack(self, view: PlayerView, rival: PlayerId, record: _Record, p_revisionist: float) -> Estimate:
        logit = model.ATTACK_INTERCEPT
        evidence = []
        for kind, value in self.attack_features(view, rival, p_revisionist).items():
            shift = model.ATTACK_WEIGHTS[kind] * value
            logit += shift
            if abs(shift) >= MIN_LOGGED_SHIFT:
                evidence.append(Evidence(view.turn, kind, _ATTACK_DESCRIPTIONS[kind], round(shift, 3)))
        return _estimate(_sigmoid(logit), len(evidence) + len(record.evidence), tuple(evidence))


def _record_features(record: _Record) -> dict[str, float]:
    # revisionist_features of a record, the agreements in force left at 0 (in their place in the order).
    log = math.log1p
    return {
        "first_strikes": log(record.count("first_strikes")),
        "attacks_on_me": log(record.count("attacks_on_me")),
        "attacks_on_others": log(record.count("attacks_on_others")),
        "meetings": log(record.count("meetings")),
        "captures_from_players": log(record.count("captures_from_players")),
        "captures_neutral": log(record.count("captures_neutral")),
        "pact_violations": log(record.count("pact_violations")),
        "other_violations": log(record.count("other_violations")),
        "inspection_refused": float(min(2, record.count("inspection_refused"))),
        "inspection_in_force": 0.0,
        "pact_in_force": 0.0,
        "peace_offers": log(record.count("peace_offers")),
        "left_agreements": log(record.count("left_agreements")),
        "mole_military": (sum(record.mole_military) / len(record.mole_military) - 40) / 100
        if record.mole_military else 0.0,
        "mole_offense": max(-3.0, min(3.0, record.mole_offense)),
        "invasions": log(record.count("invasions")),
        "forward": log(record.forward),
        "signature": record.readable_signature,
        "buildup": log(record.buildup),
        "fortifications": 1.0 if record.fortification_seen else 0.0,
        "quiet": log(record.quiet_turns) if not record.is_hostile() else 0.0,
        "wandering": log(record.wandering),
        "offers_rejected": log(record.count("offers_rejected")),
        "army": log(record.most_seen),
    }


def erratic(features: dict[str, float], turn: int) -> float:
    """How aimless a rival's conduct looks (0..1), from its revisionist features and the turn:
    the share by which the evidence about it is discounted."""
    logit = model.ERRATIC_INTERCEPT + model.ERRATIC_TURN * math.log1p(turn) + sum(
        w * features[k] for k, w in model.ERRATIC_WEIGHTS.items())
    return _sigmoid(logit)


def expected_offensive(scenario: Scenario, s: Sighting) -> float:
    """The expected ``offensive`` weight of the unit behind a signature.

    With chance ``reliability`` the unit is what it looks like; otherwise it is one of
    the types that can be mistaken for the look (each taken as equally likely).
    """
    units = scenario.ruleset.units
    shown = units.get(s.looks)
    if shown is None:
        return NEUTRAL_OFFENSIVE
    if s.reliability >= 1:
        return shown.offensive
    return s.reliability * shown.offensive + (1 - s.reliability) * _mistaken_offensive(scenario, s.looks)


def _mistaken_offensive(scenario: Scenario, looks: str) -> float:
    # The mean offensive weight of the types that can show as ``looks`` (the shown type's own if
    # none can): a fact of the ruleset, worked out once per look (asked for every sighting).
    cache = scenario.board.cache
    key = ("intel-mistaken-offensive", looks)
    found = cache.get(key)
    if found is None:
        units = scenario.ruleset.units
        others = [t.offensive for t in units.values() if looks in t.looks_like]
        found = cache[key] = sum(others) / len(others) if others else units[looks].offensive
    return found  # type: ignore[return-value]


def offensive_threat(view: PlayerView, rival: PlayerId | None = None, *, lens: str = "mid",
                     radius: int = NEAR_CITY) -> float:
    """The offensive weight of rival mobile forces seen now within ``radius`` of the seat's cities.

    Each signature counts its expected ``offensive`` weight; ``lens`` "high" reads every
    doubtful signature as the most offensive type it could be (worst case), "low" as the
    least. Where forces are hard to tell apart (low distinguishability) the lenses differ
    most: that is where fear has room to work.
    """
    units = view.scenario.ruleset.units
    cities = [h for h, owner in view.city_owner.items() if owner == view.player]
    total = 0.0
    for s in view.sightings:
        if s.owner == view.player or (rival is not None and s.owner != rival) or s.entrenched:
            continue
        shown = units.get(s.looks)
        if shown is None or not shown.can_move or not _within(s.at, cities, radius):
            continue
        if lens == "mid" or s.reliability >= 1:
            total += expected_offensive(view.scenario, s)
            continue
        others = [t.offensive for t in units.values() if s.looks in t.looks_like] or [shown.offensive]
        extreme = max(others) if lens == "high" else min(others)
        total += s.reliability * shown.offensive + (1 - s.reliability) * extreme
    return total


def _words(agreement_kind: str) -> str:
    return agreement_kind.replace("_", "-")


# How each kind of report event bears on the evidence (kinds not listed say nothing of aims).
_Reader = Callable[[Beliefs, PlayerView, Any, dict[PlayerId, dict[str, list[str]]]], None]
_REPORT_READERS: dict[type[Event], _Reader] = {
    Battle: Beliefs._read_battle,
    Captured: Beliefs._read_capture,
    Violation: Beliefs._read_violation,
    Rejected: Beliefs._read_rejection,
    Proposed: Beliefs._read_proposal,
    Left: Beliefs._read_leaving,
    MoleReport: Beliefs._read_mole,
}


def _is_forward(view: PlayerView, h: Hex, owner: PlayerId) -> bool:
    """Whether a hex is nearer some other player's city than any city of ``owner``: its
    forces there are not guarding its own ground."""
    return _Ground(view).is_forward(h, owner)


class _Ground:
    """Whether a hex is nearer some other player's city than any city of its ``owner`` (its
    forces there are not guarding its own ground), for one view: each owner's cities and the
    others' are listed once (an update asks for every sighting and battle)."""

    __slots__ = ("city_owner", "apart")

    def __init__(self, view: PlayerView) -> None:
        self.city_owner = view.city_owner
        self.apart: dict[PlayerId, tuple[list[Hex], list[Hex]]] = {}

    def is_forward(self, h: Hex, owner: PlayerId) -> bool:
        found = self.apart.get(owner)
        if found is None:
            own = [c for c, o in self.city_owner.items() if o == owner]
            others = [c for c, o in self.city_owner.items() if o is not None and o != owner]
            found = self.apart[owner] = (own, others)
        own, others = found
        if not own or not others:
            return False
        return _nearest(h, others) < _nearest(h, own)


def _nearest(h: Hex, places: list[Hex]) -> int:
    # min(distance(h, p) for p in places), with the distance inlined (asked for every sighting).
    q, r = h
    best = 1 << 30
    for pq, pr in places:
        dq = q - pq
        dr = r - pr
        d = (abs(dq) + abs(dr) + abs(dq + dr)) >> 1
        if d < best:
            best = d
    return best


def _within(h: Hex, places: list[Hex] | set[Hex], radius: int) -> bool:
    """Whether some place is within ``radius`` of ``h``: the disk around ``h`` (cached) meets them."""
    return not _disk(h, radius).isdisjoint(places)


@lru_cache(maxsize=1 << 14)
def _disk(h: Hex, radius: int) -> frozenset[Hex]:
    # Every hex within radius, on the map or off it (a view's places are on it, but need not be).
    return frozenset(disk(h, radius))


def _logit(p: float) -> float:
    p = min(1 - 1e-6, max(1e-6, p))
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    e = math.exp(x)
    return e / (1 + e)


def _estimate(p: float, items: int, evidence: tuple[Evidence, ...]) -> Estimate:
    weight = BAND_PSEUDO_COUNT + items
    a, b = max(1e-3, p * weight), max(1e-3, (1 - p) * weight)
    spread = BAND_Z * math.sqrt(1 / a + 1 / b)
    centre = _logit(p)
    return Estimate(round(p, 4), round(_sigmoid(centre - spread), 4), round(_sigmoid(centre + spread), 4), evidence)


_DESCRIPTIONS = {
    "first_strikes": "attacked us unprovoked",
    "attacks_on_me": "attacked us after we had attacked it",
    "attacks_on_others": "seen attacking others",
    "meetings": "clashed with us in a meeting battle",
    "captures_from_players": "took a player's city",
    "captures_neutral": "took a neutral city",
    "pact_violations": "broke a non-aggression pact",
    "other_violations": "broke an arms cap or demilitarised zone",
    "inspection_refused": "refused our inspection offer",
    "inspection_in_force": "an inspection agreement with us is in force",
    "pact_in_force": "a non-aggression pact with us is in force",
    "peace_offers": "offered agreements",
    "left_agreements": "left an agreement",
    "mole_military": "mole: its military share",
    "mole_offense": "mole: what it builds",
    "invasions": "attacked beyond its own ground",
    "forward": "forces seen beyond its own ground (running mean)",
    "signature": "offensive-looking signatures, weighed by their reliability (running mean)",
    "buildup": "mobile forces near our cities (running mean)",
    "fortifications": "built a fortification",
    "quiet": "no hostile act seen so far",
    "wandering": "forces seen beyond its own ground before any hostile act",
    "offers_rejected": "rejected our offers of agreement",
    "army": "the most of its units seen at once",
}
_ATTACK_DESCRIPTIONS = {
    "revisionist": "believed revisionist",
    "recent_attack": "attacked us in the last two turns",
    "near_units": "mobile units within striking distance",
    "near_offense": "offensive weight within striking distance",
    "pact_in_force": "a non-aggression pact with us is in force",
}
