"""The surveys app in the Django admin, scoped like every page (tracekei.scoped_admin).
Token hashes, invitations' e-mails log and answers are read only: they are records."""

from django.contrib import admin

from tracekei import access
from tracekei.scoped_admin import ScopedAdmin

from .models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Mail,
    Question,
    Questionnaire,
    Response,
    Section,
    Suppression,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class QuestionnaireScopedAdmin(admin.ModelAdmin):
    """Consortium questionnaires (no cluster) belong to the project: visible to its users,
    changed by the coordinator; a cluster's own: like every cluster row."""

    questionnaire_field = ""

    def _questionnaires(self, user):
        clusters = access.visible_clusters(user)
        return Questionnaire.objects.filter(
            project__in=clusters.values("project"), cluster__isnull=True
        ) | Questionnaire.objects.filter(cluster__in=clusters.values("pk"))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        field = f"{self.questionnaire_field}__in" if self.questionnaire_field else "pk__in"
        return queryset.filter(**{field: self._questionnaires(request.user).values("pk")})

    def has_module_permission(self, request):
        return request.user.is_superuser or access.visible_clusters(request.user).exists()

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def _can_change(self, request) -> bool:
        return request.user.is_superuser or access.is_coordinator(request.user)

    def has_add_permission(self, request, obj=None):
        return self._can_change(request)

    def has_change_permission(self, request, obj=None):
        return self._can_change(request)

    def has_delete_permission(self, request, obj=None):
        return self._can_change(request)


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(QuestionnaireScopedAdmin):
    list_display = ["__str__", "key", "version", "is_current", "cluster", "purpose"]
    list_filter = ["purpose", "is_current"]
    search_fields = ["key"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(QuestionnaireScopedAdmin):
    questionnaire_field = "questionnaire"
    list_display = ["__str__", "questionnaire", "position"]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(QuestionnaireScopedAdmin):
    questionnaire_field = "questionnaire"
    list_display = ["code", "kind", "questionnaire", "required"]
    list_filter = ["kind"]
    search_fields = ["code"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(QuestionnaireScopedAdmin):
    questionnaire_field = "question__questionnaire"
    list_display = ["code", "question", "position"]


@admin.register(Campaign)
class CampaignAdmin(ScopedAdmin):
    list_display = ["title", "cluster", "questionnaire", "opens_on", "closes_on", "anonymous"]
    list_filter = ["anonymous"]
    search_fields = ["title"]
    readonly_fields = ["launched_at", "launched_by", "closed_at", "recipient_filter"]


class MailInline(ReadOnlyMixin, admin.TabularInline):
    model = Mail
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "number", "status", "attempts", "last_error", "sent_at"]


@admin.register(Invitation)
class InvitationAdmin(ScopedAdmin):
    cluster_field = "campaign__cluster"
    list_display = ["__str__", "campaign", "status", "sent_at", "reminders_sent"]
    list_filter = ["status"]
    search_fields = ["email", "name"]
    readonly_fields = ["token_hash", "campaign", "member", "sent_at", "opened_at", "created_at"]
    inlines = [MailInline]


@admin.register(Mail)
class MailAdmin(ReadOnlyMixin, ScopedAdmin):
    cluster_field = "invitation__campaign__cluster"
    list_display = ["__str__", "kind", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """The project's suppression list: coordinators (and admins) only."""

    list_display = ["email", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]

    def has_module_permission(self, request):
        return access.is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_coordinator(request.user)

    def has_add_permission(self, request):
        return access.is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return access.is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class AnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["question", "service", "number", "boolean", "text"]
    readonly_fields = fields


@admin.register(Response)
class ResponseAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ["__str__", "campaign", "cluster", "language", "submitted_at"]
    list_filter = ["language"]
    readonly_fields = ["invitation", "campaign", "cluster", "consent_at", "consent_text"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyMixin, ScopedAdmin):
    cluster_field = "response__cluster"
    list_display = ["__str__", "question", "service", "number", "boolean"]
    readonly_fields = ["response", "question", "service", "number", "boolean", "text", "choices"]
