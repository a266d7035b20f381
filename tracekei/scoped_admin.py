"""The Django admin, scoped like every other page: a staff user who is not a superuser
sees and changes only the rows of clusters that tracekei.access grants them."""

from django.contrib import admin

from . import access


class ScopedAdmin(admin.ModelAdmin):
    #: The path from the model to its cluster; "pk" for the Cluster model itself.
    cluster_field = "cluster"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return access.scope(queryset, request.user, cluster_field=self.cluster_field)

    def _can_see(self, request) -> bool:
        return request.user.is_superuser or access.visible_clusters(request.user).exists()

    def _can_change(self, request, obj) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:
            return access.editable_clusters(request.user).exists()
        return access.can_change_cluster(request.user, self._cluster_of(obj))

    def _cluster_of(self, obj):
        """Follow cluster_field, a lookup path ("service__cluster"), from the row."""
        if self.cluster_field == "pk":
            return obj
        for attribute in self.cluster_field.split("__"):
            obj = getattr(obj, attribute)
        return obj

    def has_module_permission(self, request):
        return self._can_see(request)

    def has_view_permission(self, request, obj=None):
        return self._can_see(request)

    def has_add_permission(self, request):
        return self._can_change(request, None)

    def has_change_permission(self, request, obj=None):
        return self._can_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._can_change(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A scoped user may only attach rows to clusters they may change.
        if db_field.name == "cluster" and not request.user.is_superuser:
            kwargs["queryset"] = access.editable_clusters(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Consortium-wide reference data and roles: superusers only."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
