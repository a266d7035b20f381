"""Exports: every app's datasets as CSV or XLSX, each scoped to the caller."""

from tests.permissions import page, signed_in

URLS = {
    "exports:index": page(get=signed_in()),
    "exports:file": page(
        lambda w: {"code": "members", "kind": "csv"},
        get=signed_in(),
        note="each signed-in user gets the rows of their own scope",
    ),
    "exports:api_file": page(
        lambda w: {"code": "members", "kind": "xlsx"},
        get=signed_in(anonymous=401),
        note="an API view taking a token first: its challenge makes the refusal a 401",
    ),
}
