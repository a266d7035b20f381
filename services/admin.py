from django.contrib import admin

from tracekei import access
from tracekei.scoped_admin import ScopedAdmin

from .models import (
    ReferenceService,
    Service,
    ServiceCategory,
    ServiceChange,
    ServiceDelivery,
    ServiceMapping,
)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(admin.ModelAdmin):
    """The maintained list of categories: the coordinator edits it (and admins)."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}

    def _coordinator(self, request) -> bool:
        return access.is_coordinator(request.user)

    def has_module_permission(self, request):
        return self._coordinator(request)

    def has_view_permission(self, request, obj=None):
        return self._coordinator(request)

    def has_add_permission(self, request):
        return self._coordinator(request)

    def has_change_permission(self, request, obj=None):
        return self._coordinator(request)

    def has_delete_permission(self, request, obj=None):
        # A category in use is protected by the database; an unused one may go.
        return self._coordinator(request)


class ServiceChangeInline(admin.TabularInline):
    model = ServiceChange
    extra = 0
    can_delete = False
    readonly_fields = ["action", "changed_by", "changed_at", "changes"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(ScopedAdmin):
    list_display = ["name", "cluster", "category", "status", "fee_model"]
    list_filter = ["status", "fee_model", "category"]
    search_fields = ["name"]
    inlines = [ServiceChangeInline]

    def has_change_permission(self, request, obj=None):
        return False  # changes go through the portal's pages, which keep the history


@admin.register(ServiceDelivery)
class ServiceDeliveryAdmin(ScopedAdmin):
    cluster_field = "service__cluster"
    list_display = ["service", "member", "delivered_on", "hours"]
    list_filter = ["delivered_on"]
    raw_id_fields = ["service", "member"]


@admin.register(ServiceMapping)
class ServiceMappingAdmin(ScopedAdmin):
    list_display = ["cluster", "period", "answered_on", "committed_members"]


@admin.register(ReferenceService)
class ReferenceServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "project", "position"]

    def has_module_permission(self, request):
        return request.user.is_superuser
