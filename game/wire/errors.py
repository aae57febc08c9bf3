"""The closed set of wire error codes, and the one exception the wire raises.

Every error a server sends is ``{"type": "error", "id": ..., "code": ..., "message": ...}``
with ``code`` from ``ERROR_CODES``; rules errors add ``"detail"``: the rules engine's own
stable code (for example ``unknown-unit``).
"""

from __future__ import annotations

ERROR_CODES: dict[str, str] = {
    "bad-frame": "the bytes are not one MessagePack map within the size, depth and type limits",
    "bad-message": "the map is not a valid message: missing or wrong fields",
    "unknown-type": "no message of that type",
    "protocol-version": "the client speaks another protocol version",
    "handshake-required": "the first message must be 'hello'",
    "rate-limited": "too many messages: slow down",
    "bad-token": "the token does not open this seat or match",
    "no-such-match": "no match with that id or join code",
    "not-in-match": "this connection holds no seat in that match",
    "spectator": "spectators watch; they cannot act",
    "not-host": "only the host may do that",
    "not-teacher": "the teacher token does not open this class session",
    "beliefs-off": "this class session does not record beliefs",
    "name-taken": "another student of this class has that name",
    "seat-taken": "the seat is taken or is not open to players",
    "match-full": "no open seat is left",
    "wrong-phase": "not possible in the match's current phase",
    "press-off": "this match's press mode does not allow that message",
    "bad-orders": "the orders do not parse (detail: the rules engine's code)",
    "illegal-order": "an order the rules do not allow (detail: the rules engine's code)",
    "stale-orders": "orders made for another turn or state version",
    "game-over": "the match has ended",
    "bad-scenario": "no such scenario",
    "bad-request": "a value out of range for this match (a seat, a bot name)",
    "server-busy": "the server is at a limit; try again later",
    "too-many-matches": "this connection or address created as many unfinished matches as the server allows",
    "match-unavailable": "the server keeps this match's log but will not resume it (its scenario changed)",
    "internal": "the server failed to handle the message; nothing was changed",
}


class WireError(ValueError):
    """A frame or message the protocol refuses; ``code`` is one of ``ERROR_CODES``."""

    def __init__(self, code: str, message: str, *, detail: str | None = None) -> None:
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.detail = detail
