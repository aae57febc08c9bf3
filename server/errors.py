"""The one place where rules errors become wire errors."""

from __future__ import annotations

from game.rules import GameOverError, IllegalOrderError, OrderSyntaxError, RulesError, StaleOrderError
from game.wire import WireError

_CODES: dict[type, str] = {
    OrderSyntaxError: "bad-orders",
    IllegalOrderError: "illegal-order",
    StaleOrderError: "stale-orders",
    GameOverError: "game-over",
}


def wire_error_from_rules(error: ValueError) -> WireError:
    """The wire error for an error the rules raised; ``detail`` carries the rules' own stable code.

    Anything that is not a ``RulesError`` is a bug and is raised again, never hidden.
    """
    if not isinstance(error, RulesError):
        raise error
    for cls, code in _CODES.items():
        if isinstance(error, cls):
            return WireError(code, str(error), detail=error.code)
    return WireError("illegal-order", str(error), detail=error.code)
