"""The personal links' tokens: 256 bits from ``secrets``, only their SHA-256 stored.

A token is shown once (in the e-mail it is written into) and never logged: look-ups
hash what the link carries and compare hashes, so the database never holds a token
that would open a questionnaire."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128
MAX_TOKEN_LENGTH = 100  # longer input is not a token: refused before hashing


def new_token() -> tuple[str, str]:
    """A fresh token and the hash to store."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def looks_like_token(token: str | None) -> bool:
    return bool(token) and len(token) <= MAX_TOKEN_LENGTH
