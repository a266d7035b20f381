"""The public project site under /project/: no log-in, only what the clusters flagged
public and the coordinator approved (anything else is 404), cached for anonymous
visitors per language and path. A signed-in visitor's page is never cached."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from clusters.models import Project
from tracekei.kpi import selectors as kpi_selectors
from trainings import selectors as training_selectors

from . import public_cache, selectors

#: Seconds a public page is kept; approvals and withdrawals clear it at once (services).
CACHE_SECONDS = getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 120)
PER_PAGE = 12


def public_page(view):
    """Open to everyone; cached for anonymous visitors, keyed by language and path."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response
        key = public_cache.key_for(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render() or response
            # A page that set a cookie (a session, a CSRF token) is someone's own.
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response, CACHE_SECONDS)
        return response

    return wrapper


def _project():
    acronym = getattr(settings, "PORTAL_PROJECT_ACRONYM", "")
    return Project.objects.filter(acronym=acronym).first() or Project.objects.first()


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


@public_page
def home(request):
    project = _project()
    context = {
        "project": project,
        "consortium": list(selectors.consortium().filter(project=project)) if project else [],
        "news": list(selectors.public_activities(events=False)[:3]),
        "events": list(selectors.public_activities(events=True)[:3]),
        "stories": list(selectors.public_stories()[:3]),
        "kpis": kpi_selectors.public_summary(project),
        "trainings": list(training_selectors.public_activities(project)[:3]),
    }
    return render(request, "dissemination/public/home.html", context)


@public_page
def news_list(request):
    page = _page(request, selectors.public_activities(events=False))
    context = {"page": page, "heading": _("News"), "here": "news"}
    return render(request, "dissemination/public/activity_list.html", context)


@public_page
def event_list(request):
    page = _page(request, selectors.public_activities(events=True))
    context = {
        "page": page,
        "heading": _("Events"),
        "here": "events",
        "trainings": list(training_selectors.public_activities(_project())[:PER_PAGE]),
    }
    return render(request, "dissemination/public/activity_list.html", context)


@public_page
def news_detail(request, pk):
    activity = get_object_or_404(selectors.public_activities(), pk=pk)
    return render(request, "dissemination/public/activity_detail.html", {"activity": activity})


@public_page
def story_list(request):
    page = _page(request, selectors.public_stories())
    return render(request, "dissemination/public/story_list.html", {"page": page})


@public_page
def story_detail(request, pk):
    story = get_object_or_404(selectors.public_stories().prefetch_related("members"), pk=pk)
    return render(request, "dissemination/public/story_detail.html", {"story": story})


@login_not_required
def story_picture(request, pk):
    """The picture of a published story (not cached here: files are streamed)."""
    story = get_object_or_404(selectors.public_stories(), pk=pk)
    if not story.picture:
        raise Http404
    response = FileResponse(story.picture.open("rb"))
    response["Cache-Control"] = "public, max-age=300"
    return response


@public_page
def contact(request):
    project = _project()
    coordinator = project.coordinator_cluster if project else None
    return render(
        request,
        "dissemination/public/contact.html",
        {"project": project, "coordinator": coordinator},
    )


class NewsFeed(Feed):
    """The public news and events as an Atom feed."""

    feed_type = Atom1Feed
    title = _("TRACE-KEI news")
    subtitle = _("News and events of the TRACE-KEI cluster excellence project.")
    link = reverse_lazy("dissemination:public_news")

    def items(self):
        return selectors.public_activities()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.get_activity_type_display()

    def item_link(self, item):
        return reverse("dissemination:public_news_detail", kwargs={"pk": item.pk})

    def item_pubdate(self, item):
        from datetime import datetime, time

        from django.utils import timezone

        return timezone.make_aware(datetime.combine(item.date, time(12)))

    item_updateddate = item_pubdate

    def item_categories(self, item):
        return [str(item.get_activity_type_display())]


news_feed = public_page(NewsFeed())
