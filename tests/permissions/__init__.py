"""The permission matrix's table: every URL of the portal x every role x its methods.

One module per app (``tests/permissions/<app>.py``) declares ``URLS``, a dict from the
URL's name (as ``reverse`` takes it: ``"clusters:detail"``, ``"member-list"``) to a
``Url``: how to build its kwargs from the fixture world (objects of cluster A) and, per
method, the status each role must get. A module may also define ``setup(world)`` to
create the objects its URLs need beyond the demo data (it runs once per test module).
``tests/tracekei/test_permission_matrix.py`` walks the URL conf and fails for a URL that
no module declares. Adding an app: copy a small module (``accounts.py``) and fill it.

The roles (``ROLES``): anonymous, a survey-link holder (an anonymous visitor holding a
survey link: ``world.survey_link`` is where the surveys app says how), the viewer of
cluster A, the manager of A, the manager of B (A's objects are "not his": 404), the
coordinator of the project and the admin (superuser).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "survey_link", "viewer_a", "manager_a", "manager_b", "coordinator", "admin")

#: 302 to the log-in page (the deny-by-default middleware for pages).
LOGIN = "302 log-in"
#: 302 to the admin's own log-in page (the admin for a visitor who is not staff).
ADMIN_LOGIN = "302 admin log-in"
#: Authorisation passed and the request was handled: 2xx, a 400 for the empty body, or a
#: redirect that is not to a log-in page (a form saved, an action done).
DONE = "done"

Expect = dict[str, Any]  # role -> an int status, LOGIN, ADMIN_LOGIN or DONE


def roles(
    *,
    anonymous,
    viewer_a,
    manager_a,
    manager_b,
    coordinator,
    admin,
    survey_link=None,
) -> Expect:
    """Every role spelt out; the survey-link holder is an anonymous visitor unless said."""
    return {
        "anonymous": anonymous,
        "survey_link": anonymous if survey_link is None else survey_link,
        "viewer_a": viewer_a,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "coordinator": coordinator,
        "admin": admin,
    }


def public(ok=200) -> Expect:
    """Open to everyone, signed in or not."""
    return roles(anonymous=ok, viewer_a=ok, manager_a=ok, manager_b=ok, coordinator=ok, admin=ok)


def signed_in(ok=200, *, anonymous=LOGIN) -> Expect:
    """Any signed-in user (the page shows each one their own scope)."""
    return roles(
        anonymous=anonymous, viewer_a=ok, manager_a=ok, manager_b=ok, coordinator=ok, admin=ok
    )


def read_a(ok=200, *, anonymous=LOGIN) -> Expect:
    """Cluster A's object, to read: its cluster's people, the coordinator, the admin."""
    return roles(
        anonymous=anonymous, viewer_a=ok, manager_a=ok, manager_b=404, coordinator=ok, admin=ok
    )


def change_a(ok=DONE, *, anonymous=LOGIN, viewer_a=403) -> Expect:
    """Cluster A's object, to change: the viewer may see it but not change it (403)."""
    return roles(
        anonymous=anonymous,
        viewer_a=viewer_a,
        manager_a=ok,
        manager_b=404,
        coordinator=ok,
        admin=ok,
    )


def coordinators(ok=200, *, anonymous=LOGIN, refused=403) -> Expect:
    """The consortium as a whole: the coordinator and the admin only."""
    return roles(
        anonymous=anonymous,
        viewer_a=refused,
        manager_a=refused,
        manager_b=refused,
        coordinator=ok,
        admin=ok,
    )


def with_(expect: Expect, **changes) -> Expect:
    """A preset with some roles changed: with_(read_a(), viewer_a=403)."""
    unknown = set(changes) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {**expect, **changes}


# The API answers 403 to a visitor with no credentials (session auth comes first, so
# DRF has no WWW-Authenticate challenge to send and says 403, not 401).
API_ANONYMOUS = 403


@dataclass
class Url:
    """One URL name: its kwargs and, per HTTP method, the status for every role."""

    #: method ("get", "post", "put", "patch", "delete") -> Expect
    methods: dict[str, Expect]
    #: world -> the kwargs for reverse(); None when the URL takes none
    kwargs: Callable[[Any], dict] | None = None
    #: method -> world -> the body to send (default: an empty body)
    data: dict[str, Callable[[Any], dict]] = field(default_factory=dict)
    #: why the expectation is what it is, when it is not obvious
    note: str = ""


def page(kwargs=None, *, get=None, post=None, note="", data=None) -> Url:
    methods = {}
    if get is not None:
        methods["get"] = get
    if post is not None:
        methods["post"] = post
    return Url(methods=methods, kwargs=kwargs, note=note, data=data or {})


def registry() -> tuple[dict[str, Url], list[Callable], dict[str, str]]:
    """All modules' URLS merged, their setup functions, and each name's module."""
    urls: dict[str, Url] = {}
    owners: dict[str, str] = {}
    setups = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_") or info.name == "world":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, url in getattr(module, "URLS", {}).items():
            assert name not in urls, f"{name} is declared in {owners[name]} and {info.name}"
            urls[name] = url
            owners[name] = info.name
        if hasattr(module, "setup"):
            setups.append(module.setup)
    return urls, setups, owners


# --- the API's presets (DRF: 403 for a visitor without credentials) ----------------------


def api_list() -> Expect:
    return signed_in(anonymous=API_ANONYMOUS)


def api_read() -> Expect:
    return read_a(anonymous=API_ANONYMOUS)


def api_change() -> Expect:
    return change_a(anonymous=API_ANONYMOUS)


def api_create() -> Expect:
    """Anyone who may change some cluster may create (for their own); a viewer: 403."""
    return with_(signed_in(DONE, anonymous=API_ANONYMOUS), viewer_a=403)


def api(kwargs=None, *, note="", data=None, **methods) -> Url:
    """An API route: api(kwargs, get=api_read(), patch=api_change())."""
    return Url(methods=methods, kwargs=kwargs, note=note, data=data or {})


def first(rows: Callable[[Any], Any], key: str = "pk", attribute: str = "pk"):
    """kwargs from the first row of rows(world): first(lambda w: w.cluster_a.members)."""

    def kwargs(world):
        row = rows(world).order_by("pk").first()
        assert row is not None, "the matrix's world has no such row: make one in setup()"
        return {key: getattr(row, attribute)}

    return kwargs
