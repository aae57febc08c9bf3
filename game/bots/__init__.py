"""Players that see one seat's view and return orders: exactly what a human seat can do.

A bot is any object with ``decide(view, legal, rng) -> list[Order]``. It gets
the seat's ``PlayerView``, the ``LegalOrders`` listed from that view, and its
own ``random.Random``; it never sees the true state.
"""

from game.bots.base import Bot, bot_names, make_bot

__all__ = ["Bot", "bot_names", "make_bot"]
