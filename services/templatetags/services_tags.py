"""Template helpers of the services app: the coverage panel on the cluster page."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def service_coverage(cluster):
    """The cluster's coverage of the reference portfolio (two queries)."""
    return selectors.reference_coverage(cluster)


@register.simple_tag
def service_counts(cluster):
    return selectors.cluster_service_counts(cluster)


@register.filter
def service_field_label(name: str) -> str:
    """A service field's name as the form shows it (for the history)."""
    from ..models import Service

    try:
        return Service._meta.get_field(name).verbose_name
    except Exception:  # a field removed since the change was recorded
        return name
