"""Errors raised by the rules engine.

Every error is a ``RulesError`` (itself a ``ValueError``) and carries a stable
``code`` that the server maps to a wire error in exactly one place::

    RulesError
     +-- AssetError          data files that do not make a valid game (all problems at once)
     +-- OrderSyntaxError    order text that cannot be parsed
     +-- IllegalOrderError   a well-formed order the rules do not allow (many codes)
     +-- StaleOrderError     orders made for another turn or state version
     +-- GameOverError       orders or resolution after the match has ended

Messages show the offending input but never anything the ordering player
cannot already see: orders are checked against the player's own view.
"""

from __future__ import annotations


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


class IllegalOrderError(RulesError):
    code = "illegal-order"


class StaleOrderError(RulesError):
    code = "stale-orders"


class GameOverError(RulesError):
    code = "game-over"
