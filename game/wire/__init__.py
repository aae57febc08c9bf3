"""Spiral's wire protocol: message types and the MessagePack codec shared by server and clients.

It may import only ``game.rules`` (tests/test_layering.py) and ``msgpack``; today it needs
nothing from the rules: views travel as the plain maps ``PlayerView.to_mapping()`` makes.
Client messages are parsed by ``parse_client_message``, server messages by
``parse_server_message`` (``server_messages.py``): both give frozen types.
See docs/PROTOCOL.md.

    WireError (ValueError)      every refusal; ``code`` is one of ERROR_CODES
"""

from game.wire.codec import MAX_CLIENT_FRAME, MAX_DEPTH, decode_frame, decode_server_frame, encode
from game.wire.errors import ERROR_CODES, WireError
from game.wire.messages import (
    CLIENT_MESSAGES,
    PROTOCOL_VERSION,
    Beliefs,
    Chat,
    ClassCreate,
    ClassStatus,
    ClassTeach,
    ClassWatch,
    ClientMessage,
    Create,
    Hello,
    History,
    Host,
    Join,
    Leave,
    ListMatches,
    Ready,
    Rejoin,
    Spectate,
    SubmitOrders,
    Sync,
    error_message,
    parse_client_message,
    reply,
    request_id_of,
    to_mapping,
)
from game.wire.server_messages import SERVER_MESSAGES, ServerMessage, parse_server_message

__all__ = [
    "MAX_CLIENT_FRAME", "MAX_DEPTH", "decode_frame", "decode_server_frame", "encode", "ERROR_CODES", "WireError",
    "CLIENT_MESSAGES", "PROTOCOL_VERSION", "Beliefs", "Chat", "ClassCreate", "ClassStatus",
    "ClassTeach", "ClassWatch", "ClientMessage", "Create", "Hello", "History", "Host", "Join",
    "Leave", "ListMatches", "Ready", "Rejoin", "Spectate", "SubmitOrders", "Sync", "error_message",
    "parse_client_message", "reply", "request_id_of", "to_mapping",
    "SERVER_MESSAGES", "ServerMessage", "parse_server_message",
]
