"""API input and output shapes of the trainings app. A cluster written to must be one the
caller may change; anything else is a field error (400), never a write elsewhere."""

from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from clusters.models import Cluster
from tracekei import access

from . import selectors
from .models import Activity, AssessmentRound, CoreModule, Participation, SkillRating


class CoreModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoreModule
        fields = ["id", "slug", "name", "description", "position", "is_active"]


class EditableClusterField(serializers.SlugRelatedField):
    def get_queryset(self):
        return access.editable_clusters(self.context["request"].user)


class ProjectClusterField(serializers.SlugRelatedField):
    def get_queryset(self):
        return Cluster.objects.filter(
            project__in=selectors.visible_projects(self.context["request"].user)
        )


class ActivitySerializer(serializers.ModelSerializer):
    organising_cluster = EditableClusterField(slug_field="slug")
    host_cluster = ProjectClusterField(slug_field="slug", required=False, allow_null=True)
    country = CountryField(required=False, allow_blank=True)
    modules = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=CoreModule.objects.all(), required=False
    )
    participant_count = serializers.IntegerField(read_only=True)
    attendee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "organising_cluster",
            *Activity.EDITABLE_FIELDS,
            "modules",
            "participant_count",
            "attendee_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["organising_cluster"] = instance.organising_cluster.slug
        data["host_cluster"] = instance.host_cluster.slug if instance.host_cluster else None
        return data

    def validate(self, data):
        start = data.get("start_date", getattr(self.instance, "start_date", None))
        end = data.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": ["The last day cannot be before the first day."]}
            )
        return data


class ParticipationSerializer(serializers.ModelSerializer):
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.none())
    # Both are null for a participant registered by name, and for one with no attendance.
    user = serializers.SlugRelatedField(
        slug_field="email",
        read_only=True,
        allow_null=True,
        help_text="Set to yourself when no name is given.",
    )
    days_attended = serializers.SerializerMethodField()
    hours = serializers.DecimalField(
        source="total_hours", max_digits=6, decimal_places=1, read_only=True, allow_null=True
    )

    class Meta:
        model = Participation
        fields = [
            "id",
            "activity",
            "user",
            "name",
            "organisation",
            "email",
            "registered_at",
            "days_attended",
            "hours",
        ]
        read_only_fields = ["registered_at"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["activity"].queryset = selectors.activities_visible(request.user)
        return fields

    def get_days_attended(self, instance) -> list[str]:
        return [a.day.isoformat() for a in instance.attendances.all()]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        private = self.context.get("private_activity_ids")
        if instance.user_id is None and private is not None and instance.activity_id not in private:
            data["email"] = ""  # outside contact data: editors and participants only
        return data


class SkillRatingSerializer(serializers.ModelSerializer):
    round = serializers.PrimaryKeyRelatedField(queryset=AssessmentRound.objects.none())
    module = serializers.SlugRelatedField(slug_field="slug", queryset=CoreModule.objects.all())
    user = serializers.SlugRelatedField(slug_field="email", read_only=True)
    level = serializers.IntegerField(
        min_value=1,
        max_value=5,
        error_messages={
            "min_value": "A rating is a whole number from 1 to 5.",
            "max_value": "A rating is a whole number from 1 to 5.",
        },
    )

    class Meta:
        model = SkillRating
        fields = ["id", "round", "user", "module", "level", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # one rating per module: the service updates instead of failing

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["round"].queryset = selectors.rounds_for(request.user)
        return fields
