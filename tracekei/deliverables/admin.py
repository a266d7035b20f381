"""The register in the Django admin: scoped by the lead cluster (tracekei.scoped_admin);
only the project's coordinator (and admins) change it, as on the pages. Status moves
belong to the pages and the API, which keep the history: here they are read only."""

from django.contrib import admin

from tracekei import access
from tracekei.scoped_admin import ScopedAdmin

from . import selectors
from .models import Deliverable, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # the history is written by the services, never by hand


@admin.register(Deliverable)
class DeliverableAdmin(ScopedAdmin):
    cluster_field = "lead_cluster"
    list_display = [
        "number", "title", "project", "work_package", "lead_cluster", "due_date", "status",
    ]  # fmt: skip
    list_filter = ["status", "work_package"]
    search_fields = ["number", "title"]
    list_select_related = ["project", "lead_cluster"]
    readonly_fields = [
        "status", "submitted_on", "late_justification", "report", "file", "original_name",
        "file_size",
    ]  # fmt: skip
    inlines = [StatusChangeInline]

    def _can_change(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:
            return selectors.lead_cluster_choices(request.user).exists()
        return access.coordinates(request.user, obj.lead_cluster)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_cluster" and not request.user.is_superuser:
            kwargs["queryset"] = selectors.lead_cluster_choices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
