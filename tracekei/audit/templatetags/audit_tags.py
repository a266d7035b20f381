from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def audit_history_url(obj) -> str:
    """The history page of an audited object."""
    meta = obj._meta
    return reverse("audit:object", kwargs={"model": meta.label_lower, "pk": obj.pk})


@register.filter
def audit_value(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):
        return ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
    return str(value)
