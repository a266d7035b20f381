from django.contrib import admin

from tracekei.scoped_admin import ScopedAdmin, SuperuserOnlyAdmin

from .models import Activity, AssessmentRound, CoreModule, MentoringPair


@admin.register(CoreModule)
class CoreModuleAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Activity)
class ActivityAdmin(ScopedAdmin):
    cluster_field = "organising_cluster"
    list_display = ["title", "activity_type", "status", "start_date", "organising_cluster"]
    list_filter = ["activity_type", "status"]
    list_select_related = ["organising_cluster"]
    search_fields = ["title", "city"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "project", "kind", "opened_on", "is_open"]


@admin.register(MentoringPair)
class MentoringPairAdmin(SuperuserOnlyAdmin):
    list_display = ["mentor", "mentee", "project", "started_on"]
