"""The coordinator's pages of the trail: every entry (filtered), and one object's history."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors
from .filters import EntryFilter

PER_PAGE = 50


@require_safe
def entry_list(request):
    selectors.require_reader(request.user)
    entry_filter = EntryFilter(
        request.GET, queryset=selectors.entries_visible(request.user), request=request
    )
    valid = entry_filter.is_valid()
    entries = entry_filter.qs if valid else entry_filter.queryset.none()
    page = _page(entries, request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": entry_filter, "page": page, "query": query.urlencode()}
    return render(request, "audit/entry_list.html", context, status=200 if valid else 400)


@require_safe
def object_history(request, model, pk):
    selectors.require_reader(request.user)
    content_type = selectors.content_type_or_404(model)
    entries = selectors.object_history(request.user, content_type=content_type, pk=pk)
    page = _page(entries, request)
    context = {"content_type": content_type, "object_id": pk, "page": page, "query": ""}
    return render(request, "audit/object_history.html", context)


def _page(entries, request):
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # read once; the template indexes it
    return page
