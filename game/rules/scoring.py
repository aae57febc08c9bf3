"""Scores, revealed at the end of a match.

Security seekers score prosperity plus the home cities they still hold;
revisionists score prosperity plus the cities they hold that were someone
else's home (or neutral) at the start. Prosperity is accumulated development.
"""

from __future__ import annotations

from game.rules.state import GameState, PlayerId


def scores(state: GameState) -> dict[PlayerId, int]:
    scoring = state.scenario.ruleset.scoring
    board = state.scenario.board
    result = {}
    for player in state.players:
        prosperity = player.development // scoring.development_per_point
        held = [h for h, owner in state.city_owner.items() if owner == player.id]
        if player.aim == "revisionist":
            captured = sum(1 for h in held if board.cities[h].home != player.id)
            result[player.id] = prosperity + scoring.captured_city_points * captured
        else:
            homes = sum(1 for h in held if board.cities[h].home == player.id)
            result[player.id] = prosperity + scoring.home_city_points * homes
    return result
