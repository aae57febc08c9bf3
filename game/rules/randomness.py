"""The state's random stream: draws keyed by what they are for.

A match's chance is one secret 64-bit seed kept in the state (never in a view).
Each draw is a hash of the seed and a *key* naming the draw — for example
``("signature", turn, observer, hex)`` — so:

* a draw is made once: asking again with the same key gives the same value,
  so a signature or a battle cannot be re-rolled;
* draws do not depend on the order they are made in, so a battle a player
  cannot see never shifts the luck of one it can (no side channel through
  the stream's position);
* a match is fully determined by scenario, seed and orders, on any machine.
"""

from __future__ import annotations

import hashlib
import struct
from typing import TypeVar

T = TypeVar("T")

SCALE = _SCALE = 1.0 / float(1 << 53)  # a draw's top 53 bits, as a float in [0, 1)


def draw_bits(seed: int, *key: object) -> int:
    """A 64-bit value determined by the seed and the key."""
    text = "|".join([str(seed), *map(str, key)]).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


def uniform(seed: int, *key: object) -> float:
    """A float in [0, 1) determined by the seed and the key."""
    return (draw_bits(seed, *key) >> 11) * _SCALE


def uniforms(seed: int, count: int, *key: object) -> tuple[float, ...]:
    """``count`` independent floats in [0, 1) from one keyed hash (cheaper than ``count`` draws)."""
    return uniforms_of_key_text(key_text(seed, *key), count)


def key_text(seed: int, *key: object) -> str:
    """The text that a draw with this seed and key hashes. Callers making many draws whose keys
    share a beginning may build it once and append ``"|" + str(part)`` for the last part."""
    return "|".join([str(seed), *map(str, key)])


def uniforms_of_key_text(text: str, count: int) -> tuple[float, ...]:
    """``uniforms`` of the seed and key that ``text`` (from ``key_text``) spells."""
    digest = hashlib.blake2b(text.encode(), digest_size=8 * count).digest()
    # Eight little-endian bytes per value: the same numbers as int.from_bytes on each slice, in one call.
    return tuple((bits >> 11) * _SCALE for bits in struct.unpack(f"<{count}Q", digest))


def below(seed: int, bound: int, *key: object) -> int:
    """An int in [0, bound) determined by the seed and the key."""
    return draw_bits(seed, *key) % bound


def shuffled(seed: int, items: list[T], *key: object) -> list[T]:
    """A copy of ``items`` in an order determined by the seed and the key."""
    return [item for _, item in sorted(((draw_bits(seed, *key, i), item) for i, item in enumerate(items)), key=lambda p: p[0])]
