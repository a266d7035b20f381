"""iCalendar (RFC 5545) feeds of activities, for calendar programs to subscribe to.

Activities last whole days: each is one all-day event (DTEND is the day after the last
day, as the standard says). A cancelled activity stays in the feed with
STATUS:CANCELLED so that subscribed calendars remove it instead of keeping a stale copy.
"""

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Activity, ActivityStatus

STATUS = {
    ActivityStatus.PLANNED: "TENTATIVE",
    ActivityStatus.HELD: "CONFIRMED",
    ActivityStatus.CANCELLED: "CANCELLED",
}


def _base_url() -> str:
    return getattr(settings, "PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def activity_event(activity: Activity, *, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"activity-{activity.pk}@tracekei-portal")
    event.add("dtstamp", stamp)
    event.add("last-modified", activity.updated_at)
    event.add("dtstart", activity.start_date)
    event.add("dtend", activity.end_date + dt.timedelta(days=1))
    event.add("summary", f"{activity.get_activity_type_display()}: {activity.title}")
    place = ", ".join(
        p for p in (activity.city, activity.country.name if activity.country else "") if p
    )
    if place:
        event.add("location", place)
    description = [f"{activity.organising_cluster.acronym}"]
    if activity.host_name:
        description.append(str(activity.host_name))
    event.add("description", " · ".join(description))
    event.add("status", STATUS[activity.status])
    event.add("url", _base_url() + activity.get_absolute_url())
    return event


def calendar(activities, *, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//TRACE-KEI portal//trainings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for activity in activities:
        cal.add_component(activity_event(activity, stamp=stamp))
    return cal.to_ical()
