"""API output shapes of the surveys app (read only). Component names start with
``Survey`` so they never clash with another app's in the OpenAPI schema; choice fields
are plain strings for the same reason (no second enum named ``Kind`` or ``Status``)."""

from __future__ import annotations

from rest_framework import serializers

from .models import Answer, Campaign, Choice, Question, Questionnaire, Response, Section


class SurveyChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "code", "position", "label"]


class SurveyQuestionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    # Null when the question is always shown.
    show_if = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    choices = SurveyChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = [
            "id",
            "code",
            "kind",
            "position",
            "text",
            "help_text",
            "required",
            "low_label",
            "high_label",
            "min_value",
            "max_value",
            "show_if",
            "show_if_value",
            "choices",
        ]


class SurveySectionSerializer(serializers.ModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "position", "title", "introduction", "questions"]


class SurveyQuestionnaireSerializer(serializers.ModelSerializer):
    purpose = serializers.CharField(read_only=True)
    # Null for the consortium's questionnaires (the coordinator's, for every cluster).
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    sections = SurveySectionSerializer(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = [
            "id",
            "key",
            "version",
            "is_current",
            "purpose",
            "cluster",
            "title",
            "introduction",
            "all_services",
            "created_at",
            "sections",
        ]


class SurveyCampaignSerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    questionnaire_key = serializers.CharField(source="questionnaire.key", read_only=True)
    invited = serializers.IntegerField(read_only=True)
    submitted = serializers.IntegerField(read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "cluster",
            "questionnaire",
            "questionnaire_key",
            "title",
            "opens_on",
            "closes_on",
            "anonymous",
            "launched_at",
            "closed_at",
            "is_open",
            "invited",
            "submitted",
        ]


class SurveyAnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code", read_only=True)
    choices = serializers.SerializerMethodField()

    class Meta:
        model = Answer
        fields = ["question", "service", "number", "boolean", "text", "choices"]

    def get_choices(self, answer) -> list[str]:
        return [choice.code for choice in answer.choices.all()]


class SurveyResponseSerializer(serializers.ModelSerializer):
    """A submitted response; who answered only for named campaigns (else null)."""

    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    language = serializers.CharField(read_only=True)
    answers = SurveyAnswerSerializer(many=True, read_only=True)
    member = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = [
            "id",
            "campaign",
            "cluster",
            "language",
            "submitted_at",
            "member",
            "name",
            "email",
            "answers",
        ]

    def _named(self, response) -> bool:
        return not response.campaign.anonymous

    def get_member(self, response) -> int | None:
        return response.invitation.member_id if self._named(response) else None

    def get_name(self, response) -> str | None:
        return response.invitation.name if self._named(response) else None

    def get_email(self, response) -> str | None:
        return response.invitation.email if self._named(response) else None
