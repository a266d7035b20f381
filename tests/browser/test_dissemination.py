"""The public project site in Chromium: home, a news item, a success story, the Atom
feed, and nothing unpublished anywhere; then the manager's activity list."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from dissemination.models import DisseminationActivity, SuccessStory

from .support import COORDINATOR, DESKTOP, MANAGER_DARE, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNPUBLISHED = ["Draft video on the study visit to Femac", "Cold-chain partners for a research bid"]


@pytest.fixture
def published(demo):
    """Read before the browser starts (no ORM beside Playwright's loop). Public pages
    cached by an earlier test's database must not answer for this one."""
    cache.clear()
    story = SuccessStory.objects.public().order_by("title").first()
    news = DisseminationActivity.objects.public().filter(activity_type="press_release").get()
    hidden_story = SuccessStory.objects.exclude(approved_at__isnull=False).get()
    hidden_activity = DisseminationActivity.objects.filter(approved_at=None, is_public=True).get()
    return {
        "story": (story.pk, story.title),
        "news": (news.pk, news.title),
        "hidden_story": hidden_story.pk,
        "hidden_activity": hidden_activity.pk,
    }


def assert_nothing_unpublished(page):
    text = page.content()
    for title in UNPUBLISHED:
        assert title not in text


def test_the_public_site(live_server, open_page, published):
    page = open_page()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/project/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("TRAns-national Collaboration")
    expect(page.get_by_role("heading", name="The consortium")).to_be_visible()
    expect(page.locator(".consortium li")).to_have_count(7)
    expect(page.locator("footer")).to_contain_text("Co-funded by the COSME programme")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    assert_nothing_unpublished(page)

    news_pk, news_title = published["news"]
    page.get_by_role("link", name=news_title).click()
    expect(page).to_have_url(f"{live_server.url}/project/news/{news_pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(news_title)

    page.get_by_role("navigation", name="Project site").get_by_role(
        "link", name="Success stories"
    ).click()
    story_pk, story_title = published["story"]
    assert_nothing_unpublished(page)
    page.get_by_role("link", name=story_title).click()
    expect(page).to_have_url(f"{live_server.url}/project/stories/{story_pk}/")
    expect(page.get_by_role("heading", name="The result")).to_be_visible()

    feed = page.request.get(f"{live_server.url}/project/feed/")
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    body = feed.text()
    assert news_title in body
    for title in UNPUBLISHED:
        assert title not in body

    for path in (
        f"/project/stories/{published['hidden_story']}/",
        f"/project/news/{published['hidden_activity']}/",
    ):
        assert page.request.get(live_server.url + path).status == 404

    phone = open_page(PHONE)
    phone.goto(f"{live_server.url}/project/stories/{story_pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(story_title)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


def test_the_managers_activity_list(live_server, open_page, published):
    page = open_page()
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, MANAGER_DARE)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dissemination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dissemination activities")
    expect(page.get_by_text("awaiting approval")).to_be_visible()
    expect(page.locator("main table tbody tr")).to_have_count(4)


PUBLIC_PAGES = [
    "/project/",
    "/project/news/",
    "/project/events/",
    "/project/stories/",
    "/project/contact/",
]
SIGNED_IN_PAGES = [
    "/dissemination/activities/",
    "/dissemination/activities/new/",
    "/dissemination/policy-dialogues/",
    "/dissemination/policy-dialogues/new/",
    "/dissemination/market/",
    "/dissemination/market/new/",
    "/dissemination/collaborations/",
    "/dissemination/stories/",
    "/dissemination/stories/new/",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_dissemination_pages_have_no_accessibility_violations(
    live_server, open_page, published, viewport
):
    from .test_accessibility import violations

    page = open_page(viewport)
    found = {}
    story_pk = published["story"][0]
    news_pk = published["news"][0]
    for path in [*PUBLIC_PAGES, f"/project/stories/{story_pk}/", f"/project/news/{news_pk}/"]:
        assert page.goto(live_server.url + path).status == 200, path
        if problems := violations(page):
            found[path] = problems
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    for path in [
        *SIGNED_IN_PAGES,
        f"/dissemination/stories/{story_pk}/",
        f"/dissemination/activities/{news_pk}/",
    ]:
        assert page.goto(live_server.url + path).status == 200, path
        if problems := violations(page):
            found[path] = problems
    assert found == {}
