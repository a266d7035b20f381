"""The trail in the admin: read only, for everyone (superusers too)."""

from django.contrib import admin

from .models import Entry


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("when", "actor_label", "action", "content_type", "object_label", "cluster")
    list_filter = ("action", "content_type", "cluster")
    search_fields = ("object_label", "actor_label", "object_id")
    list_select_related = ("content_type", "cluster")
    date_hierarchy = "when"
    readonly_fields = [field.name for field in Entry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
