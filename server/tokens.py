"""Tokens: 192-bit random strings given once, stored only as hashes, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Callable

RandomBytes = Callable[[int], bytes]
TOKEN_BYTES = 24  # 192 bits


def new_token(random_bytes: RandomBytes = secrets.token_bytes) -> str:
    return random_bytes(TOKEN_BYTES).hex()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str | None) -> bool:
    """Whether ``token`` opens what ``stored_hash`` guards (constant time in the token's content)."""
    if stored_hash is None:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)
