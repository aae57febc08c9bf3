"""Scores, revealed at the end of a match.

Security seekers score prosperity plus the home cities they still hold, and
the rivals' home cities they took (a buffer: the base a rival could attack from
is theirs now; neutral cities earn only their income); revisionists score
prosperity plus the cities they hold that were someone else's home (or neutral)
at the start. Prosperity is accumulated development,
and it counts only in the share of its home cities a player still holds: wealth
is worth what the state that holds it is, so a player that lost its homeland
(or was eliminated) has lost its prosperity with it. That is what makes security
worth paying for (RULES section 12).
"""

from __future__ import annotations

from game.rules.state import GameState, PlayerId


def scores(state: GameState) -> dict[PlayerId, int]:
    scoring = state.scenario.ruleset.scoring
    board = state.scenario.board
    result = {}
    for player in state.players:
        held = [h for h, owner in state.city_owner.items() if owner == player.id]
        homes = sum(1 for h in held if board.cities[h].home == player.id)
        homeland = sum(1 for city in board.cities.values() if city.home == player.id)
        prosperity = kept_prosperity(player.development // scoring.development_per_point, homes, homeland)
        if player.aim == "revisionist":
            captured = sum(1 for h in held if board.cities[h].home != player.id)
            result[player.id] = prosperity + scoring.captured_city_points * captured
        else:
            buffers = sum(1 for h in held if board.cities[h].home not in (None, player.id))
            result[player.id] = prosperity + scoring.home_city_points * homes + scoring.buffer_city_points * buffers
    return result


def kept_prosperity(prosperity: int, homes_held: int, homeland: int) -> int:
    """The prosperity that counts: its share of home cities still held, rounded down."""
    if homeland <= 0:
        return prosperity
    return prosperity * homes_held // homeland
