"""The planner: look-ahead with the engine over hidden states sampled to agree with its view.

Each turn it lists a few candidate plans — the orders each personality would give
from its view, plus "develop" (the security seeker's moves and diplomacy with
every coin put into development and nothing built) and "expand" variants (the
same, with free units sent to take the neutral cities nobody holds) — and scores
each by play-outs: it samples hidden states consistent
with its view (``game.intel.sampling``: signatures read through their
reliability, rivals' aims drawn from its beliefs), plays each candidate there
for ``horizon`` turns against rivals played by the aim-driven ``security``
personality, and keeps the candidate with the best mean value. The value is the
score the seat would end with at the pace of the play-out, plus a little for the
balance of forces, minus a share of what its cities are worth where they stand
empty with a rival unit next to them (a short play-out cannot see the loss coming,
but anyone who wanders in takes an empty city). Every candidate
meets the same samples (common random numbers), so the comparison is fair.

The amount of search is counted in play-outs, so a match is reproducible; the
optional ``time_budget`` (seconds a turn) stops sampling early when the clock
runs out, at the cost of that reproducibility.
"""

from __future__ import annotations

import random
import time

from game.bots import tactics
from game.bots.base import register
from game.bots.character import CHARACTERS
from game.bots.personality import PersonalityBot, TurnIntent
from game.intel import Beliefs
from game.intel.sampling import Decide, play_out, sample_state
from game.rules.hexgrid import distance
from game.rules.legal import LegalOrders
from game.rules.orders import Build, Move, Order, SetBudget, SetPosture, format_orders
from game.rules.scoring import scores
from game.rules.state import Budget, GameState, PlayerId
from game.rules.views import PlayerView

CANDIDATES = ("security", "revisionist", "fearful", "reciprocator", "dove")
STRENGTH_VALUE = 0.3  # score points per 10 strength of own forces, minus the rivals' mean
EXPOSURE = 0.5  # share of an empty own city's worth lost when a rival unit stands next to it
RIVAL_POLICY = "security"
DEVELOP = "develop"  # the security seeker's moves and diplomacy, everything into development
EXPANDERS = 2  # units an "expand" plan sends towards neutral cities
SAFE_RADIUS = 3  # an expand plan may send a city's only unit away if no rival is seen this near
PROSPECT = 0.5  # share of a neutral city's worth counted when an own unit is nearer to it than any rival's
THREAT = 0.5  # share of its cities' worth a seat expects to lose to a revisionist rival with all the strength


class PlannerBot:
    def __init__(self, samples: int = 3, horizon: int = 2, time_budget: float | None = None,
                 name: str = "planner") -> None:
        self.name = name
        self.samples = samples
        self.horizon = horizon
        self.time_budget = time_budget
        self.beliefs: Beliefs | None = None
        self.last_record: TurnIntent | None = None
        self._own: dict[str, PersonalityBot] = {n: PersonalityBot(CHARACTERS[n], n) for n in CANDIDATES}

    def decide(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> list[Order]:
        if view.is_over or view.is_eliminated:
            return []
        started = time.perf_counter()
        if self.beliefs is None or self.beliefs.player != view.player:
            self.beliefs = Beliefs(view.player)
        self.beliefs.update(view)
        plans: dict[str, tuple[str, list[Order]]] = {}
        for name, bot in self._own.items():
            orders = bot.decide(view, legal, rng)
            plans.setdefault(format_orders(orders), (name, orders))
            if name == CANDIDATES[0]:
                develop = _develop(orders)
                plans.setdefault(format_orders(develop), (DEVELOP, develop))
                for base, base_orders in ((name, orders), (DEVELOP, develop)):
                    expand = _expand(view, legal, base_orders)
                    plans.setdefault(format_orders(expand), (f"{base}+expand", expand))
        options = list(plans.values())
        if len(options) == 1:
            return self._finish(view, options[0])
        totals = [0.0] * len(options)
        played = 0
        for _ in range(self.samples):
            if self.time_budget is not None and played and time.perf_counter() - started > self.time_budget:
                break
            seed = rng.randrange(2**32)
            for index, (name, orders) in enumerate(options):
                totals[index] += self._play_out(view, orders, name, random.Random(seed))
            played += 1
        best = max(range(len(options)), key=lambda i: (totals[i], -i))
        return self._finish(view, options[best])

    def observe(self, view: PlayerView, legal: LegalOrders, rng: random.Random) -> None:
        """What ``decide`` remembers of a view, without the look-ahead (for a bot catching up, game/bots/seat.py).

        The look-ahead plays out fresh bots and leaves this one as it was, so only the beliefs
        and the candidate personalities' own memories need the view.
        """
        if view.is_over or view.is_eliminated:
            return
        if self.beliefs is None or self.beliefs.player != view.player:
            self.beliefs = Beliefs(view.player)
        self.beliefs.update(view)
        for bot in self._own.values():
            bot.decide(view, legal, rng)

    def _finish(self, view: PlayerView, option: tuple[str, list[Order]]) -> list[Order]:
        name, orders = option
        reads = self._own[CANDIDATES[0]].last_record
        base = name.split("+")[0]
        chosen = self._own[base].last_record if base in self._own else None
        budgets = [o.budget.military for o in orders if isinstance(o, SetBudget)]
        intent = chosen.intent if chosen is not None and base != DEVELOP else "develop"
        military = budgets[0] if budgets else 0
        self.last_record = TurnIntent(view.turn, self.name, f"{intent} (plan: {name})", military,
                                      chosen.target if chosen is not None else None,
                                      reads.reads if reads is not None else {})
        return orders

    def _play_out(self, view: PlayerView, orders: list[Order], plan: str, rng: random.Random) -> float:
        assert self.beliefs is not None
        state = sample_state(view, self.beliefs, rng)
        me = view.player
        base = plan.split("+")[0]
        mine = PersonalityBot(CHARACTERS[CANDIDATES[0] if base == DEVELOP else base], base)

        def my_move(seat_view: PlayerView, legal: LegalOrders, step: int) -> list[Order]:
            if step == 0:
                return orders
            later = mine.decide(seat_view, legal, rng)
            later = _develop(later) if base == DEVELOP else later
            return _expand(seat_view, legal, later) if plan.endswith("+expand") else later

        deciders: dict[PlayerId, Decide] = {me: my_move}
        for player in state.players:
            if player.id != me:
                deciders[player.id] = _rival_policy(rng)
        start = state.players[me].development
        end = play_out(state, deciders, self.horizon)
        return _value(end, me, (end.players[me].development - start) / self.horizon)


def _rival_policy(rng: random.Random) -> Decide:
    """How a rival is played in a look-ahead: a fresh bot of the rival policy, drawing from ``rng``."""
    bot = PersonalityBot(CHARACTERS[RIVAL_POLICY], RIVAL_POLICY)

    def decide(view: PlayerView, legal: LegalOrders, _step: int) -> list[Order]:
        return bot.decide(view, legal, rng)

    return decide


def _develop(orders: list[Order]) -> list[Order]:
    """The same moves and diplomacy with every coin put into development and nothing built."""
    kept: list[Order] = [o for o in orders if not isinstance(o, (SetBudget, Build))]
    return [SetBudget(Budget(0, 100, 0)), *kept]


def _expand(view: PlayerView, legal: LegalOrders, orders: list[Order]) -> list[Order]:
    """The orders with up to ``EXPANDERS`` free units sent (peacefully) towards the nearest
    neutral cities nobody holds; a unit that is the only one on an own city stays."""
    neutral = sorted(h for h, owner in view.city_owner.items() if owner is None)
    if not neutral:
        return orders
    cities = set(tactics.own_cities(view))
    on_city: dict[object, int] = {}
    for unit in view.units:
        on_city[unit.at] = on_city.get(unit.at, 0) + 1
    rules = view.scenario.ruleset.units
    safe = {c for c in cities if not any(distance(s.at, c) <= SAFE_RADIUS for s in view.sightings)}
    free = [u for u in view.units if rules[u.kind].can_move and u.id in legal.moves
            and not (u.at in cities and on_city[u.at] == 1 and u.at not in safe)]
    sent: dict[str, Order] = {}
    for city in neutral:
        if len(sent) >= EXPANDERS:
            break
        options = [u for u in free if u.id not in sent]
        if not options:
            break
        unit = min(options, key=lambda u: (distance(u.at, city), u.id))
        step = tactics.toward(legal.moves[unit.id], city, allow_attack=False)
        if step is not None and distance(step.to, city) < distance(unit.at, city):
            sent[unit.id] = Move(unit.id, step.to, is_attack=False)
    if not sent:
        return orders
    kept = [o for o in orders if not (isinstance(o, (Move, SetPosture)) and o.unit in sent)]
    return kept + list(sent.values())


def _value(state: GameState, me: int, development_rate: float) -> float:
    """The score the seat would end the match with if development kept its pace, plus a
    little for the balance of forces (what protects the cities the score counts), minus
    a share of the worth of its empty cities that a rival unit stands next to."""
    per_point = state.scenario.ruleset.scoring.development_per_point
    remaining = max(0, state.scenario.turns - state.turn + 1)
    player = state.players[me]
    now = player.development // per_point
    projected = (player.development + development_rate * remaining) / per_point
    strength = {p.id: 0 for p in state.players}
    for unit in state.units.values():
        strength[unit.owner] += unit.strength
    rivals = [strength[p.id] for p in state.players if p.id != me and not p.eliminated]
    edge = strength[me] - (sum(rivals) / len(rivals) if rivals else 0)
    return (scores(state)[me] - now + projected + STRENGTH_VALUE * edge / 10 - EXPOSURE * _exposed(state, me)
            - THREAT * _threatened(state, me, strength, remaining) + PROSPECT * _prospects(state, me, remaining))


def _prospects(state: GameState, me: int, remaining: int) -> float:
    """The worth of the neutral cities that an own unit stands nearer to than any rival unit
    (within two hexes): the cities a longer look-ahead would see it take."""
    scoring = state.scenario.ruleset.scoring
    sites = state.scenario.board.cities
    revisionist = state.players[me].aim == "revisionist"
    rules = state.scenario.ruleset.units
    mine = [u.at for u in state.units.values() if u.owner == me and rules[u.kind].can_move]
    rivals = [u.at for u in state.units.values() if u.owner != me]
    total = 0.0
    for city, owner in state.city_owner.items():
        if owner is not None or not mine:
            continue
        near = min(distance(city, h) for h in mine)
        if near > 2 or any(distance(city, h) <= near for h in rivals):
            continue
        total += (scoring.captured_city_points if revisionist else 0) + (
            sites[city].income * remaining / scoring.development_per_point)
    return total


def _threatened(state: GameState, me: int, strength: dict[int, int], remaining: int) -> float:
    """What the seat's cities are worth to it (points, plus their income over the remaining
    turns) times the greatest share of strength a revisionist rival of the sample holds over it:
    what a short play-out cannot see, a rival that outguns it may still come for."""
    scoring = state.scenario.ruleset.scoring
    sites = state.scenario.board.cities
    revisionist = state.players[me].aim == "revisionist"
    worth = 0.0
    for city, owner in state.city_owner.items():
        if owner != me:
            continue
        if revisionist:
            worth += scoring.captured_city_points if sites[city].home != me else 0
        else:
            worth += scoring.home_city_points if sites[city].home == me else 0
        worth += sites[city].income * remaining / scoring.development_per_point
    share = max((max(0, strength[p.id] - strength[me]) / (strength[p.id] + strength[me])
                 for p in state.players if p.id != me and not p.eliminated and p.aim == "revisionist"
                 and strength[p.id] + strength[me] > 0), default=0.0)
    return worth * share


def _exposed(state: GameState, me: int) -> float:
    """Score points standing in empty own cities with a rival unit at most one hex away."""
    scoring = state.scenario.ruleset.scoring
    sites = state.scenario.board.cities
    revisionist = state.players[me].aim == "revisionist"
    held = {u.at for u in state.units.values() if u.owner == me}
    rivals = [u.at for u in state.units.values() if u.owner != me]
    total = 0.0
    for city, owner in state.city_owner.items():
        if owner != me or city in held or not any(distance(city, r) <= 1 for r in rivals):
            continue
        if revisionist:
            total += scoring.captured_city_points if sites[city].home != me else 0
        else:
            total += scoring.home_city_points if sites[city].home == me else 0
        total += sites[city].income  # the income that would have gone on growing its development
    return total


register("planner")(PlannerBot)
register("planner-fast")(lambda: PlannerBot(samples=1, horizon=1, name="planner-fast"))
