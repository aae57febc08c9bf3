"""Errors raised by the rules engine.

Every error is a ``RulesError`` (itself a ``ValueError``) and carries a stable
``code`` that the server maps to a wire error in exactly one place::

    RulesError
     +-- AssetError          data files that do not make a valid game (all problems at once)
     +-- OrderSyntaxError    order text that cannot be parsed
     +-- IllegalOrderError   a well-formed order the rules do not allow (ILLEGAL_ORDER_CODES)
     +-- StaleOrderError     orders made for another turn or state version
     +-- GameOverError       orders or resolution after the match has ended

Messages show the offending input but never anything the ordering player
cannot already see: orders are checked against the player's own view.
"""

from __future__ import annotations

from typing import Literal, get_args


class RulesError(ValueError):
    code = "rules-error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class AssetError(RulesError):
    """Data that does not describe a valid game. ``problems`` lists every one found."""

    code = "bad-asset"

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else "invalid asset"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class OrderSyntaxError(RulesError):
    code = "bad-order-syntax"


# The closed set of codes of ``IllegalOrderError``: each is documented in docs/RULES.md §3.2 (a test
# holds the two to the same list) and raised by some check in ``validation``.
IllegalOrderCode = Literal[
    "eliminated", "bad-budget", "duplicate-order", "unknown-unit-type", "not-your-city", "cannot-afford",
    "unknown-unit", "cannot-move", "entrenched", "unreachable", "attack-needed", "conflicting-orders",
    "unknown-agreement-kind", "bad-proposal", "unknown-player", "already-agreed", "already-proposed",
    "unknown-proposal", "unknown-agreement", "bad-order",
]
ILLEGAL_ORDER_CODES: tuple[str, ...] = get_args(IllegalOrderCode)


class IllegalOrderError(RulesError):
    """A well-formed order the rules do not allow; ``code`` is one of ``ILLEGAL_ORDER_CODES``."""

    code = "illegal-order"

    def __init__(self, message: str, *, code: IllegalOrderCode) -> None:
        if code not in ILLEGAL_ORDER_CODES:
            raise ValueError(f"not an illegal-order code: {code!r}")
        super().__init__(message, code=code)


class StaleOrderError(RulesError):
    code = "stale-orders"


class GameOverError(RulesError):
    code = "game-over"
