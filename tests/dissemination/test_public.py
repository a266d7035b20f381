"""The public project site: open to everyone, only what is public and approved, cached
per language for anonymous visitors and never for a signed-in one."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dissemination import services
from dissemination.models import SuccessStory
from tests.factories import ActivityFactory, ClusterFactory, ProjectFactory, make_activity

pytestmark = pytest.mark.django_db


def published(*clusters, title, **fields):
    return make_activity(
        *clusters, title=title, is_public=True, approved_at=timezone.now(), **fields
    )


@pytest.fixture
def content(cluster_a, cluster_b):
    return {
        "news": published(cluster_a, title="Public press release", activity_type="press_release"),
        "event": published(cluster_b, title="Public workshop", activity_type="event_organised"),
        "unapproved": make_activity(cluster_a, title="Flagged not approved", is_public=True),
        "internal": make_activity(
            cluster_a, title="Internal note", approved_at=timezone.now()
        ),  # approved but not flagged public
        "story": SuccessStory.objects.create(
            cluster=cluster_a,
            title="Published story",
            challenge="c",
            action="a",
            result="Result text",
            is_public=True,
            approved_at=timezone.now(),
        ),
        "draft": SuccessStory.objects.create(
            cluster=cluster_a,
            title="Draft story",
            challenge="c",
            action="a",
            result="r",
            is_public=True,
        ),
    }


PAGES = [
    "public_home",
    "public_news",
    "public_events",
    "public_stories",
    "public_contact",
    "public_feed",
]


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_need_no_log_in_and_hide_what_is_not_published(client, content, name):
    response = client.get(reverse(f"dissemination:{name}"))
    assert response.status_code == 200
    page = response.content.decode()
    for hidden in ("Flagged not approved", "Internal note", "Draft story"):
        assert hidden not in page


def test_home_shows_news_events_stories_consortium_and_the_eu_notice(client, content):
    page = client.get(reverse("dissemination:public_home")).content.decode()
    for shown in ("Public press release", "Public workshop", "Published story", "ALPHA", "BETA"):
        assert shown in page
    assert "Co-funded by the COSME programme of the European Union" in page
    assert "Sign in" in page
    assert "public KPI summary" not in page  # the template comment renders nothing


def test_published_items_open_and_the_others_are_404(client, content):
    def status(name, obj):
        return client.get(reverse(f"dissemination:{name}", args=[obj.pk])).status_code

    assert status("public_news_detail", content["news"]) == 200
    assert status("public_news_detail", content["event"]) == 200
    assert status("public_news_detail", content["unapproved"]) == 404
    assert status("public_news_detail", content["internal"]) == 404
    assert status("public_story_detail", content["story"]) == 200
    assert status("public_story_detail", content["draft"]) == 404
    assert status("public_story_picture", content["draft"]) == 404
    assert client.get("/project/news/999999/").status_code == 404


def test_the_feed_is_atom_with_the_published_items(client, content):
    response = client.get(reverse("dissemination:public_feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "Public press release" in feed and "Public workshop" in feed
    assert "Flagged not approved" not in feed
    assert reverse("dissemination:public_news_detail", args=[content["news"].pk]) in feed


def test_anonymous_pages_are_cached_and_withdrawal_clears_the_cache(
    client, content, coordinator, django_assert_num_queries, django_capture_on_commit_callbacks
):
    url = reverse("dissemination:public_home")
    client.get(url)
    with django_assert_num_queries(0):  # served from the cache
        assert "Public press release" in client.get(url).content.decode()
    # the coordinator withdraws the item: the public no longer sees it, at once
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(actor=coordinator, activity=content["news"], approved=False)
    assert "Public press release" not in client.get(url).content.decode()


def test_the_cache_key_includes_the_language(client, content):
    url = reverse("dissemination:public_news")
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    client.cookies["django_language"] = "it"
    italian = client.get(url).content.decode()
    assert 'lang="en"' in english
    assert 'lang="it"' in italian


def test_a_signed_in_page_is_never_cached(client_for, content, manager_a, client):
    url = reverse("dissemination:public_home")
    signed_in = client_for(manager_a).get(url)
    assert "no-cache" in signed_in["Cache-Control"] or "max-age=0" in signed_in["Cache-Control"]
    assert "Portal" in signed_in.content.decode()
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "Sign in" in anonymous
    assert manager_a.email not in anonymous


def test_news_and_events_lists_split_by_type(client, content):
    news = client.get(reverse("dissemination:public_news")).content.decode()
    events = client.get(reverse("dissemination:public_events")).content.decode()
    assert "Public press release" in news and "Public workshop" not in news
    assert "Public workshop" in events and "Public press release" not in events


def test_old_items_are_ordered_newest_first(client, cluster_a):
    published(cluster_a, title="Older item", activity_type="news_article", date=dt.date(2017, 1, 1))
    published(cluster_a, title="Newer item", activity_type="news_article", date=dt.date(2018, 1, 1))
    page = client.get(reverse("dissemination:public_news")).content.decode()
    assert page.index("Newer item") < page.index("Older item")


def test_home_shows_the_targets_as_the_last_rollup_left_them(client, project, cluster_a):
    from tests.factories import LabelAwardFactory
    from tracekei.kpi.models import RollupRun
    from tracekei.kpi.services import indicator_sync, rollup_run

    indicator_sync(project=project, targets={"new_bronze_labels": 3})
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2017, 6, 1))
    run = RollupRun.objects.create(project=project)
    rollup_run(run_id=run.pk, today=dt.date(2017, 7, 1))
    # A label recorded after the rollup shows only after the next one.
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2017, 8, 1))
    other = ClusterFactory(project=project, acronym="GAMMA", slug="gamma")
    LabelAwardFactory(cluster=other, level="bronze", awarded_on=dt.date(2017, 8, 1))

    page = client.get(reverse("dissemination:public_home")).content.decode()

    assert "Where the project stands" in page
    assert "New bronze labels" in page
    figure = page.split("New bronze labels")[0].rsplit('class="public-kpi-figure">', 1)[1]
    assert figure.startswith("1 ")  # one label then, of a target of 3
    assert "/ 3" in figure
    assert "Figures as of 1 Jul 2017." in page


def test_public_trainings_join_home_and_events_but_not_hidden_or_cancelled(client, cluster_a):
    ActivityFactory(organising_cluster=cluster_a, title="Open joint training", is_public=True)
    ActivityFactory(organising_cluster=cluster_a, title="Internal training")
    ActivityFactory(
        organising_cluster=cluster_a, title="Cancelled visit", is_public=True, status="cancelled"
    )
    other_project = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="other")
    ActivityFactory(organising_cluster=other_project, title="Other project", is_public=True)

    for name in ("public_home", "public_events"):
        page = client.get(reverse(f"dissemination:{name}")).content.decode()
        assert "Open joint training" in page
        for hidden in ("Internal training", "Cancelled visit", "Other project"):
            assert hidden not in page
