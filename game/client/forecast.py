"""What next turn's purse would be under a budget split: the public economy rules applied to a seat's view.

The view does not carry the intelligence stock (only its level), so the forecast gives the points
the split adds, not the next level; income is what the cities held now and development give, so
a city lost or taken this turn makes the real figure differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.rules import PlayerView
from game.rules.economy import Split, split_income
from game.rules.state import Budget


@dataclass(frozen=True, slots=True)
class Forecast:
    split: Split  # this turn's income and where it goes
    treasury: int  # after this turn's builds are paid and the military share comes in
    development: int
    intel_points: int  # added to the intelligence stock (before it decays)
    points_per_level: int


def income_from(view: PlayerView) -> int:
    """The seat's income at the end of this turn if nothing changes hands (rules: economy.income_of)."""
    board = view.scenario.board
    cities = sum(board.cities[h].income for h, owner in view.city_owner.items() if owner == view.player and h in board.cities)
    return cities + view.development // view.scenario.ruleset.economy.development_per_income


def forecast(view: PlayerView, budget: Budget, spent: int = 0) -> Forecast:
    split = split_income(income_from(view), budget)
    return Forecast(split, view.treasury - spent + split.military, view.development + split.development,
                    split.intelligence, view.scenario.ruleset.intelligence.points_per_level)


def rebalanced(budget: Budget, share: str, value: int, step: int = 1) -> Budget:
    """``share`` set to ``value`` (0-100); the other two keep their proportion (rounded to ``step``) and fill
    the rest to 100."""
    shares = {"military": budget.military, "development": budget.development, "intelligence": budget.intelligence}
    value = max(0, min(100, int(value)))
    others = [k for k in shares if k != share]
    rest = 100 - value
    total = sum(shares[k] for k in others)
    if total == 0:
        first = rest // 2 // step * step
        shares[others[0]], shares[others[1]] = rest - first, first
    else:
        first = round(rest * shares[others[0]] / total / step) * step
        shares[others[0]], shares[others[1]] = first, rest - first
    shares[share] = value
    return Budget(shares["military"], shares["development"], shares["intelligence"])
