"""Template helpers shared by every app's pages."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_header(context, field: str, label: str, param: str = "sort"):
    """A table header cell whose link sorts by ``field`` and, clicked again, reverses it."""
    request = context["request"]
    current = request.GET.get(param, "")
    query = request.GET.copy()
    query.pop("page", None)
    descending = current == field
    query[param] = f"-{field}" if descending else field
    if current == field:
        state, arrow = "ascending", " ▲"
    elif current == f"-{field}":
        state, arrow = "descending", " ▼"
    else:
        state, arrow = "none", ""
    return format_html(
        '<th scope="col" aria-sort="{}"><a href="?{}">{}{}</a></th>',
        state,
        query.urlencode(),
        label,
        arrow,
    )
