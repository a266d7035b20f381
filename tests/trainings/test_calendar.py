"""The calendar page at programme scale: a window of months with navigation, the cluster
filter listing every cluster, and what the window includes and excludes."""

import datetime as dt

import pytest
from django.utils import timezone

from clusters.filters import QuickSelect
from tests.factories import ActivityFactory
from trainings.views import CALENDAR_MONTHS

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return [activity.title for _month, items in response.context["months"] for activity in items]


def test_a_window_of_months_with_earlier_and_later(client_for, coordinator, cluster_a, cluster_b):
    def make(title, start, days=0, cluster=cluster_a):
        ActivityFactory(
            organising_cluster=cluster,
            title=title,
            start_date=start,
            end_date=start + dt.timedelta(days=days),
        )

    make("Before", dt.date(2017, 2, 20))
    make("Spanning into the window", dt.date(2017, 3, 25), days=10)
    make("April", dt.date(2017, 4, 2), cluster=cluster_b)
    make("Last day of June", dt.date(2017, 6, 30))
    make("July", dt.date(2017, 7, 1))
    client = client_for(coordinator)

    response = client.get("/trainings/calendar/?month=2017-04")
    assert titles(response) == ["Spanning into the window", "April", "Last day of June"]
    months = [month for month, _items in response.context["months"]]
    assert months == [dt.date(2017, 4, 1), dt.date(2017, 6, 1)]  # a spanning one: its April
    assert response.context["earlier"] == "month=2017-01"
    assert response.context["later"] == f"month=2017-{4 + CALENDAR_MONTHS:02}"
    assert titles(client.get("/trainings/calendar/?month=2017-07")) == ["July"]
    # the filters keep the window, and the window keeps the filters
    filtered = client.get("/trainings/calendar/?month=2017-04&cluster=beta")
    assert titles(filtered) == ["April"]
    assert "cluster=beta" in filtered.context["later"]


def test_by_default_the_month_of_the_activity_under_way_or_next(
    client_for, manager_a, cluster_a, cluster_b
):
    today = timezone.localdate()
    ActivityFactory(
        organising_cluster=cluster_a,
        title="Long ago",
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=399),
    )
    ActivityFactory(
        organising_cluster=cluster_a,
        title="Coming",
        start_date=today + dt.timedelta(days=3),
        end_date=today + dt.timedelta(days=4),
    )
    client = client_for(manager_a)
    for url in ("/trainings/calendar/", "/trainings/calendar/?month=2017-13"):  # bad: default
        response = client.get(url)
        assert titles(response) == ["Coming"]
        assert response.context["window_first"] == (today + dt.timedelta(days=3)).replace(day=1)


def test_no_activity_at_all_shows_this_month(client_for, manager_a):
    response = client_for(manager_a).get("/trainings/calendar/")
    assert titles(response) == []
    assert response.context["window_first"] == timezone.localdate().replace(day=1)


def test_the_quick_cluster_select_is_the_same_select():
    widget = QuickSelect(choices=[("", "---"), ("a-b", "A&B <x>"), ("c", "C")])
    html = widget.render("cluster", "a-b", {"id": "id_cluster"})
    assert html == (
        '<select id="id_cluster" name="cluster"><option value="">---</option>'
        '<option value="a-b" selected>A&amp;B &lt;x&gt;</option><option value="c">C</option>'
        "</select>"
    )
