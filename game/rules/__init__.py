"""Spiral's rules: a pure, deterministic engine over frozen values (standard library only).

The public surface::

    new_game(scenario, seed) -> GameState
    view_for(state, player) -> PlayerView          (also spectator_view, omniscient_view)
    parse_orders(text) -> [Order]                  syntax only
    check_orders(view, orders) -> PlayerOrders     legality, against what the player knows
    resolve(state, {player: PlayerOrders}) -> Resolution(state, events)
    legal_orders(view) -> LegalOrders
"""

from game.rules.errors import (
    AssetError,
    GameOverError,
    IllegalOrderError,
    OrderSyntaxError,
    RulesError,
    StaleOrderError,
)
from game.rules.legal import LegalOrders, legal_orders
from game.rules.orders import format_orders, parse_order, parse_orders
from game.rules.resolve import Resolution, resolve, resolve_checked
from game.rules.scenario import Scenario
from game.rules.scoring import scores
from game.rules.setup import new_game
from game.rules.state import GameState
from game.rules.validation import PlayerOrders, check_fresh, check_orders, order_problems
from game.rules.views import PlayerView, omniscient_view, spectator_view, view_for

__all__ = [
    "AssetError", "GameOverError", "IllegalOrderError", "OrderSyntaxError", "RulesError", "StaleOrderError",
    "LegalOrders", "legal_orders", "format_orders", "parse_order", "parse_orders", "Resolution", "resolve",
    "resolve_checked", "Scenario", "scores", "new_game", "GameState", "PlayerOrders", "check_fresh",
    "check_orders", "order_problems", "PlayerView", "omniscient_view", "spectator_view", "view_for",
]
