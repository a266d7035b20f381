"""Addresses of erased people: placeholders that cannot be delivered, and the hashed
form the suppression list keeps (no model imports: the surveys app uses it)."""

from __future__ import annotations

import hashlib

from django.db.models.functions import SHA256

#: The domain of placeholder addresses: ``.invalid`` is reserved (RFC 2606), no mail
#: server accepts it, so an anonymised row can never be e-mailed by mistake.
PLACEHOLDER_DOMAIN = "erased.invalid"


def placeholder_email(kind: str, pk: int) -> str:
    return f"{kind}-{pk}@{PLACEHOLDER_DOMAIN}"


def hashed_address(email: str) -> str:
    """How the suppression list keeps an erased person's address: the SHA-256 of the
    lowered address, written as an address of the placeholder domain (the column is an
    e-mail field). The list still suppresses the person: ``suppression_keys``."""
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"{digest}@{PLACEHOLDER_DOMAIN}"


def suppression_keys(email: str) -> list[str]:
    """The suppression rows that suppress ``email``: the plain address or its hash."""
    email = email.strip().lower()
    return [email, hashed_address(email)]


class AddressSha256(SHA256):
    """``hashed_address``'s digest in SQL. Django's SHA256 needs the pgcrypto extension
    on PostgreSQL; PostgreSQL 11+ has ``sha256()`` built in, used here."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')",
            **extra_context,
        )
