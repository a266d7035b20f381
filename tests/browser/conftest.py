"""Browser fixtures: Debian's Chromium through Playwright's sync API (no browser download),
the live server and the demo consortium."""

import io

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from clusters.models import Member

from .support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, DESKTOP


@pytest.fixture
def demo() -> dict:
    """The demo consortium, and the facts the journeys check, read before any browser
    starts (the ORM refuses to run beside Playwright's event loop unless told otherwise)."""
    call_command("load_demo_data", stdout=io.StringIO())
    dare_members = Member.objects.filter(cluster__slug="dare").order_by("pk")
    foreign = Member.objects.filter(cluster__slug="innoskart").order_by("pk").first()
    return {
        "dare_member_names": sorted(dare_members.values_list("name", flat=True)),
        "dare_member_pk": dare_members.first().pk,
        "foreign_member": {"pk": foreign.pk, "name": foreign.name},
    }


@pytest.fixture
def browser(demo, live_server, monkeypatch):
    # Playwright's sync API keeps an asyncio loop running in this thread, so Django takes
    # any ORM call made here meanwhile for async code and refuses it; allow it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            # While that loop runs, Django hands this thread a separate set of database
            # connections (asgiref's Local follows the running loop). Close them while it
            # still runs: left open, on PostgreSQL they keep the test database busy and
            # the session's DROP DATABASE fails.
            connections.close_all()


@pytest.fixture
def open_page(request, browser):
    """open_page(viewport) -> a page in a fresh browser context (its own cookies).

    At the end the last page opened is saved as test-artifacts/<test name>.png."""
    contexts = []

    def open_(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    try:
        if contexts and contexts[-1].pages:
            ARTIFACTS.mkdir(exist_ok=True)
            contexts[-1].pages[-1].screenshot(
                path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True
            )
    finally:
        for context in contexts:
            context.close()
