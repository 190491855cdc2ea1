"""Secret preview-link tokens: made here, shown once, stored only as a hash."""

import hashlib
import re
import secrets

# 32 random bytes, URL-safe base64 without padding: 43 characters, 256 bits.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 is enough: the token has 256 bits of entropy, so there is nothing to brute-force
    and no need for a slow password hash."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(value: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(value))
