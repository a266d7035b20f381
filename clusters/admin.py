from django.contrib import admin
from django.db import models

from tracekei.scoped_admin import ScopedAdmin, SuperuserOnlyAdmin

from .models import (
    Cluster,
    Invitation,
    LabelAward,
    Member,
    MemberImport,
    Project,
    RoleAssignment,
    Sector,
)


@admin.register(Project)
class ProjectAdmin(SuperuserOnlyAdmin):
    list_display = ["acronym", "name", "programme", "start_date", "end_date"]


@admin.register(Sector)
class SectorAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "role", "project", "cluster", "created_at"]
    list_filter = ["role", "cluster"]
    search_fields = ["user__email"]
    autocomplete_fields = ["user"]


class LabelInline(admin.TabularInline):
    model = LabelAward
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(ScopedAdmin):
    cluster_field = "pk"
    list_display = ["acronym", "legal_name", "country", "project"]
    list_filter = ["country", "sectors"]
    search_fields = ["acronym", "legal_name"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [LabelInline]
    # A website typed without a scheme is https (Django 6's default; no deprecation warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        # Moving a cluster to another project would move it out of its coordinator's scope.
        if request.user.is_superuser:
            return self.readonly_fields
        return [*self.readonly_fields, "project", "slug"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}


@admin.register(LabelAward)
class LabelAwardAdmin(ScopedAdmin):
    list_display = ["cluster", "level", "awarded_on", "valid_until"]
    list_filter = ["level"]
    list_select_related = ["cluster"]


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    list_display = ["name", "cluster", "member_type", "size_class", "country", "left_on"]
    list_filter = ["member_type", "size_class", "cluster"]
    list_select_related = ["cluster"]
    search_fields = ["name", "vat_number", "contact_email"]
    readonly_fields = ["organisation_key", "is_demo"]

    def get_list_filter(self, request):
        # Other clusters' names stay out of a scoped user's filter sidebar.
        return self.list_filter if request.user.is_superuser else ["member_type", "size_class"]


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    list_display = ["email", "cluster", "role", "invited_by", "sent_at", "accepted_at"]
    list_select_related = ["cluster", "invited_by"]
    readonly_fields = ["email", "user", "invited_by", "sent_at", "accepted_at"]

    def has_add_permission(self, request):
        return False  # invitations are sent from the cluster page, which e-mails the link


@admin.register(MemberImport)
class MemberImportAdmin(ScopedAdmin):
    list_display = ["filename", "cluster", "status", "uploaded_by", "created_at"]
    readonly_fields = ["rows", "uploaded_by", "status", "applied_at"]

    def has_add_permission(self, request):
        return False
