"""MessagePack frames: encoding, and decoding with limits (the one place bytes become messages).

A frame is one MessagePack map. ``decode_frame`` refuses, with a ``WireError``
whose ``code`` is ``bad-frame``, anything a hostile client could use to make the
server work hard or hold memory: frames over ``MAX_CLIENT_FRAME`` bytes, more than
one value, binary/extension/timestamp values, map keys that are not strings,
containers nested deeper than ``MAX_DEPTH`` or strings and containers over their
caps. The limits are checked by the unpacker while it reads, so the cost of a bad
frame is bounded by its (capped) size.
"""

from __future__ import annotations

from typing import Any

import msgpack

from game.wire.errors import WireError

MAX_CLIENT_FRAME = 64 * 1024  # bytes; well below websockets' default of 1 MiB
MAX_DEPTH = 8  # a client message is a map of scalars and short lists: depth 3 at most today
MAX_STRING = 16 * 1024  # characters (orders text and chat fit easily)
MAX_CONTAINER = 1024  # items in one list or map

_SCALARS = (str, int, float, bool, type(None))


def encode(message: dict[str, Any]) -> bytes:
    """One frame. Tuples become arrays; the encoding of equal data is equal bytes.

    Raises:
        TypeError: if ``message`` holds a value MessagePack cannot carry.
    """
    return msgpack.packb(message, use_bin_type=True)  # type: ignore[no-any-return]


def decode_frame(data: bytes | bytearray | memoryview | str, *, max_size: int = MAX_CLIENT_FRAME) -> dict[str, Any]:
    """A client frame as a plain map, checked against the size, depth and type limits.

    Raises:
        WireError: ``bad-frame`` for text frames, oversized or malformed bytes, trailing data,
            forbidden value types, or limits exceeded; ``bad-message`` if the frame is not a map.
    """
    if isinstance(data, str):
        raise WireError("bad-frame", "frames are binary MessagePack, not text")
    if len(data) > max_size:
        raise WireError("bad-frame", f"frame of {len(data)} bytes is over the limit of {max_size}")
    try:
        value = msgpack.unpackb(
            bytes(data), raw=False, strict_map_key=True, use_list=True,
            max_str_len=MAX_STRING, max_bin_len=0, max_ext_len=0,
            max_array_len=MAX_CONTAINER, max_map_len=MAX_CONTAINER,
            ext_hook=_refuse_ext, timestamp=0,
        )
    except WireError:
        raise
    except (ValueError, TypeError, msgpack.UnpackException, msgpack.ExtraData, RecursionError) as error:
        raise WireError("bad-frame", f"not a valid MessagePack frame ({type(error).__name__})") from None
    _check_values(value)
    if not isinstance(value, dict):
        raise WireError("bad-message", "a message is a map with a 'type'")
    return value


def decode_server_frame(data: bytes | bytearray | memoryview) -> dict[str, Any]:
    """A server frame, for clients: no size cap (the server is trusted), integer keys allowed.

    Raises:
        WireError: ``bad-frame`` if the bytes are not one MessagePack map.
    """
    try:
        value = msgpack.unpackb(bytes(data), raw=False, strict_map_key=False, use_list=True)
    except (ValueError, TypeError, msgpack.UnpackException, msgpack.ExtraData) as error:
        raise WireError("bad-frame", f"not a valid MessagePack frame ({type(error).__name__})") from None
    if not isinstance(value, dict):
        raise WireError("bad-frame", "a server frame is a map")
    return value


def _refuse_ext(code: int, data: bytes) -> Any:
    raise WireError("bad-frame", "extension types are not part of the protocol")


_FLAT = frozenset(_SCALARS)


def _check_values(root: Any) -> None:
    if type(root) is dict and all(type(v) in _FLAT for v in root.values()):
        return  # a map of scalars (most messages, orders included): nothing nests, every type is allowed
    # Iterative, so a deep frame cannot exhaust Python's stack; the unpacker already
    # bounded the number of items through the frame size.
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth > MAX_DEPTH:
                raise WireError("bad-frame", f"containers nested deeper than {MAX_DEPTH}")
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            if depth > MAX_DEPTH:
                raise WireError("bad-frame", f"containers nested deeper than {MAX_DEPTH}")
            stack.extend((v, depth + 1) for v in value)
        elif not isinstance(value, _SCALARS):
            raise WireError("bad-frame", f"values of type {type(value).__name__} are not part of the protocol")
