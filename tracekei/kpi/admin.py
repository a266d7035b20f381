"""The KPI engine in the admin: superusers only (coordinators edit targets on the
indicator's own page; snapshots are written by the rollup alone)."""

from django.contrib import admin

from tracekei.scoped_admin import SuperuserOnlyAdmin

from .models import Indicator, RollupRun, Snapshot


@admin.register(Indicator)
class IndicatorAdmin(SuperuserOnlyAdmin):
    list_display = ["code", "name", "project", "kind", "scope", "target", "position"]
    list_filter = ["project", "kind", "scope"]
    search_fields = ["code", "name"]


@admin.register(Snapshot)
class SnapshotAdmin(SuperuserOnlyAdmin):
    list_display = ["indicator", "taken_on", "value", "computed_at"]
    list_filter = ["indicator__project"]
    list_select_related = ["indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RollupRun)
class RollupRunAdmin(SuperuserOnlyAdmin):
    list_display = ["pk", "project", "status", "created_at", "duration", "attempts"]
    list_filter = ["status", "project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
