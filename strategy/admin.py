"""The strategy app in the Django admin, scoped like every other page. Versions are
read-only here: adopted ones are immutable, and drafts change through the pages."""

from django.contrib import admin

from tracekei.scoped_admin import ScopedAdmin, SuperuserOnlyAdmin

from .models import Feedback, JointStrategy, Ris3Priority, Strategy, StrategyVersion


@admin.register(Strategy)
class StrategyAdmin(ScopedAdmin):
    list_display = ["title", "cluster", "start_year", "end_year"]
    list_select_related = ["cluster"]


@admin.register(StrategyVersion)
class StrategyVersionAdmin(ScopedAdmin):
    cluster_field = "strategy__cluster"
    list_display = ["strategy", "number", "status", "adopted_on"]
    list_filter = ["status"]
    list_select_related = ["strategy__cluster"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(ScopedAdmin):
    cluster_field = "consultation__version__strategy__cluster"
    list_display = ["heading", "author", "handling", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Ris3Priority)
class Ris3PriorityAdmin(SuperuserOnlyAdmin):
    list_display = ["region", "domain", "project"]
    list_filter = ["region"]


@admin.register(JointStrategy)
class JointStrategyAdmin(SuperuserOnlyAdmin):
    list_display = ["title", "project", "status", "adopted_on"]
