"""The planner: look-ahead with the engine over hidden states sampled to agree with its view.

Each turn it lists a few candidate plans — the orders each personality would give
from its view — and scores each by play-outs: it samples hidden states consistent
with its view (``game.intel.sampling``: signatures read through their
reliability, rivals' aims drawn from its beliefs), plays each candidate there
for ``horizon`` turns against rivals played by the aim-driven ``security``
personality, and keeps the candidate with the best mean value. Every candidate
meets the same samples (common random numbers), so the comparison is fair.

The amount of search is counted in play-outs, so a match is reproducible; the
optional ``time_budget`` (seconds a turn) stops sampling early when the clock
runs out, at the cost of that reproducibility.
"""

from __future__ import annotations

import random
import time

from game.bots.base import register
from game.bots.character import CHARACTERS
from game.bots.cooperate import CooperateBot
from game.bots.personality import PersonalityBot, TurnIntent
from game.intel import Beliefs
from game.intel.sampling import play_out, sample_state
from game.rules.legal import LegalOrders
from game.rules.orders import Order, format_orders
from game.rules.scoring import scores
from game.rules.state import GameState
from game.rules.views import PlayerView

CANDIDATES = ("security", "revisionist", "fearful", "reciprocator", "dove")
STRENGTH_VALUE = 0.3  # score points per 10 strength of own forces, minus the rivals' mean
RIVAL_POLICY = "security"
COOPERATE = "cooperate"  # the all-development plan


class PlannerBot:
    def __init__(self, samples: int = 3, horizon: int = 2, time_budget: float | None = None,
                 name: str = "planner") -> None:
        self.name = name
        self.samples = samples
        self.horizon = horizon
        self.time_budget = time_budget
        self.beliefs: Beliefs | None = None
        self.last_record: TurnIntent | None = None
        self._own: dict[str, PersonalityBot | CooperateBot] = {n: PersonalityBot(CHARACTERS[n], n) for n in CANDIDATES}
        self._own[COOPERATE] = CooperateBot()

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

    def _finish(self, view: PlayerView, option: tuple[str, list[Order]]) -> list[Order]:
        name, orders = option
        reads = self._own[CANDIDATES[0]].last_record
        chosen = getattr(self._own[name], "last_record", None)
        intent = chosen.intent if chosen is not None else "develop"
        military = chosen.military if chosen is not None else 0
        self.last_record = TurnIntent(view.turn, self.name, f"{intent} (plan: {name})", military,
                                      chosen.target if chosen is not None else None,
                                      reads.reads if reads is not None else {})
        return orders

    def _play_out(self, view: PlayerView, orders: list[Order], plan: str, rng: random.Random) -> float:
        assert self.beliefs is not None
        state = sample_state(view, self.beliefs, rng)
        me = view.player
        mine = CooperateBot() if plan == COOPERATE else PersonalityBot(CHARACTERS[plan], plan)

        def my_move(seat_view: PlayerView, legal: LegalOrders, step: int) -> list[Order]:
            return orders if step == 0 else mine.decide(seat_view, legal, rng)

        deciders = {me: my_move}
        for player in state.players:
            if player.id != me:
                rival = PersonalityBot(CHARACTERS[RIVAL_POLICY], RIVAL_POLICY)
                deciders[player.id] = lambda v, legal, _step, bot=rival: bot.decide(v, legal, rng)
        start = state.players[me].development
        end = play_out(state, deciders, self.horizon)
        return _value(end, me, (end.players[me].development - start) / self.horizon)


def _value(state: GameState, me: int, development_rate: float) -> float:
    """The score the seat would end the match with if development kept its pace, plus a
    little for the balance of forces (what protects the cities the score counts)."""
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
    return scores(state)[me] - now + projected + STRENGTH_VALUE * edge / 10


register("planner")(PlannerBot)
register("planner-fast")(lambda: PlannerBot(samples=1, horizon=1, name="planner-fast"))
