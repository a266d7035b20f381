from django.contrib import admin

from tracekei.scoped_admin import ScopedAdmin

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
        "number",
        "title",
        "project",
        "work_package",
        "lead_cluster",
        "due_date",
        "status",
    ]
    list_filter = ["status", "work_package", "project"]
    search_fields = ["number", "title"]
    list_select_related = ["project", "lead_cluster"]
    raw_id_fields = ["report"]
    inlines = [StatusChangeInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_cluster" and not request.user.is_superuser:
            from tracekei import access

            kwargs["queryset"] = access.editable_clusters(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
