"""What one server lets its clients hold: the limits a host sets on ``spiral serve`` (docs/HOSTING.md).

Counts of 0 mean "no limit" (a server behind a proxy sees one address for everyone, so it may
want ``connections_per_address=0``); times are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    matches_per_connection: int = 4  # unfinished matches one connection created
    matches_per_address: int = 16  # unfinished matches created from one address (all its connections)
    open_lobbies: int = 500  # matches not started yet, on the whole server
    lobby_expiry: float = 1800.0  # a lobby in which no player holds a seat is dropped this long after creation
    connections_per_address: int = 32  # open connections from one address
    hello_timeout: float = 10.0  # a connection that has not said hello by then is closed
    list_page: int = 50  # matches in one page of ``list``

    def __post_init__(self) -> None:
        for name in ("matches_per_connection", "matches_per_address", "open_lobbies", "connections_per_address"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 (no limit) or more, got {getattr(self, name)}")
        for name in ("lobby_expiry", "hello_timeout"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be above 0 seconds, got {getattr(self, name)}")
        if not 1 <= self.list_page <= 100:
            raise ValueError(f"list_page must be from 1 to 100, got {self.list_page}")


def is_over(count: int, limit: int) -> bool:
    """Whether ``count`` things already reach ``limit`` (0: no limit), so one more is refused."""
    return limit > 0 and count >= limit
