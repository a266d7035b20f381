from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def deliverables_due_next(context, limit=5):
    """The coordinator home's "due next": the next not-yet-submitted deliverables."""
    return selectors.due_next(user=context["request"].user, limit=limit)
