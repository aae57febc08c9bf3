"""The one way to run a bot in a seat for a whole match: in self-play, the lab, the server and the benchmarks.

A ``SeatBot`` keeps one bot object for one seat and shows it every view of that
seat, turn after turn, in order, so a bot that remembers (its beliefs about its
rivals, its campaign, the offers and broken agreements it has seen) remembers the
same things wherever it runs. Its random draws for a turn come from
``bot_rng(seed, seat, bot, turn)``: one stream keyed by the match's seed, the
seat, the bot's name and the turn, so a turn's draws never depend on what ran
before, in which process, or how often.

A bot's play is thus a function of what its seat has seen. A ``SeatBot`` made
afresh part-way through a match (the server restarted, or a bot was handed the
seat) first *catches up*: it shows the bot the seat's views of the turns it
missed, in order — through the bot's ``observe`` if it has one (the same updates
of its memory without the work of choosing orders), else ``decide``, whose orders
are dropped — and then plays as if it had been there all along.
"""

from __future__ import annotations

import random
import threading
from typing import Callable

from game.bots.base import Bot, make_bot
from game.rules.legal import legal_orders
from game.rules.orders import Order
from game.rules.state import PlayerId
from game.rules.views import PlayerView

FIRST_TURN = 1  # a match starts at turn 1 (rules §1.4)


def bot_rng(seed: int, seat: PlayerId, bot: str, turn: int) -> random.Random:
    """The random stream of the bot named ``bot`` in ``seat`` for one turn of the match with this seed."""
    # Seeded from a string: Python's string seeding is stable across versions and machines.
    return random.Random(f"spiral:{seed}:{seat}:{bot}:{turn}")


class SeatBot:
    """One bot playing one seat of one match, fed every view of the seat in turn order.

    Safe to call from worker threads: calls are serialised, and each catches up on
    whatever turns came before its own.
    """

    def __init__(self, bot: Bot | str, seed: int, seat: PlayerId) -> None:
        self.bot: Bot = make_bot(bot) if isinstance(bot, str) else bot
        self.seed = seed
        self.seat = seat
        self.next_turn = FIRST_TURN  # the first turn whose view the bot has not seen
        self._last: tuple[int, list[Order]] | None = None  # the latest turn decided, and its orders
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.bot.name

    def orders(self, turn: int, view_at: Callable[[int], PlayerView]) -> list[Order]:
        """The bot's orders for ``turn``, after it has seen the seat's views of every earlier turn.

        ``view_at(t)`` is the seat's view at the start of turn ``t``; it is asked only for the
        turns the bot has not seen yet. Asked again for the turn it decided last, the bot
        answers the same orders without deciding again.

        Raises:
            ValueError: for a turn before the last one it decided (a bot cannot unlearn).
        """
        with self._lock:
            if self._last is not None and self._last[0] == turn:
                return list(self._last[1])
            if turn < self.next_turn:
                raise ValueError(f"the {self.name} bot of seat {self.seat} is past turn {turn} "
                                 f"(next: {self.next_turn})")
            for missed in range(self.next_turn, turn):
                self._catch_up(view_at(missed))
            view = view_at(turn)
            orders = self.bot.decide(view, legal_orders(view), self._rng(view.turn))
            self.next_turn = turn + 1
            self._last = (turn, list(orders))
            return orders

    def play(self, view: PlayerView) -> list[Order]:
        """``orders`` for the turn of ``view``, for a driver that shows the bot every turn as it comes.

        Raises:
            ValueError: if the bot has not seen the turns before this one (``orders`` catches up).
        """
        def view_at(turn: int) -> PlayerView:
            if turn != view.turn:
                raise ValueError(f"the {self.name} bot of seat {self.seat} missed turn {turn}: "
                                 "give it every view (SeatBot.orders) to catch up")
            return view

        return self.orders(view.turn, view_at)

    def _catch_up(self, view: PlayerView) -> None:
        observe = getattr(self.bot, "observe", None)
        if observe is not None:
            observe(view, legal_orders(view), self._rng(view.turn))
        else:
            self.bot.decide(view, legal_orders(view), self._rng(view.turn))

    def _rng(self, turn: int) -> random.Random:
        return bot_rng(self.seed, self.seat, self.name, turn)
