"""Income and the budget split.

A player's income each turn is the income of the cities it holds plus one for
every ``development_per_income`` points of development. The budget split sends
the military share to the treasury (which pays for builds), the development
share to development (prosperity, which also grows income), and the
intelligence share to the intelligence stock, which decays each turn.
Rounding remainders go to development.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules.ruleset import Ruleset
from game.rules.state import Budget, GameState, Player


@dataclass(frozen=True, slots=True)
class Split:
    income: int
    military: int
    development: int
    intelligence: int


def income_of(state: GameState, player: Player) -> int:
    board = state.scenario.board
    cities = sum(board.cities[h].income for h, owner in state.city_owner.items() if owner == player.id)
    return cities + player.development // state.scenario.ruleset.economy.development_per_income


def split_income(income: int, budget: Budget) -> Split:
    military = income * budget.military // 100
    intelligence = income * budget.intelligence // 100
    return Split(income, military, income - military - intelligence, intelligence)


def decayed_intel(state: GameState, stock: int) -> int:
    # Rounded down: a stock too small to make a level (a few points) does not decay,
    # so even a poor player's small intelligence share adds up to a first level.
    return stock - stock * state.scenario.ruleset.intelligence.decay_percent // 100


def intel_level(ruleset: Ruleset, intel_stock: int) -> int:
    rules = ruleset.intelligence
    return min(rules.max_level, intel_stock // rules.points_per_level)


def default_budget(state_or_rules) -> Budget:  # type: ignore[no-untyped-def]
    economy = state_or_rules.economy
    return Budget(economy.default_military, economy.default_development, economy.default_intelligence)
