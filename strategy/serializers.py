"""API input and output shapes of the strategy app."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tracekei import access

from .models import (
    Goal,
    JointGoal,
    JointStrategy,
    PlannedService,
    RevenuePlanLine,
    Ris3Priority,
    Strategy,
    StrategyVersion,
)


class EditableClusterField(serializers.SlugRelatedField):
    def get_queryset(self):
        return access.editable_clusters(self.context["request"].user)


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = StrategyVersion
        fields = ["number", "status", "adopted_on", "adopted_by_body", "updated_at"]


class StrategySerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")
    latest_version = serializers.SerializerMethodField()
    version_in_force = serializers.SerializerMethodField()

    class Meta:
        model = Strategy
        fields = [
            "id",
            "cluster",
            "title",
            "start_year",
            "end_year",
            "latest_version",
            "version_in_force",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cluster"] = instance.cluster.slug  # readable by viewers too
        return data

    def _versions(self, strategy):
        return list(strategy.versions.all())  # prefetched, newest first

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_latest_version(self, strategy):
        versions = self._versions(strategy)
        return VersionSummarySerializer(versions[0]).data if versions else None

    @extend_schema_field(VersionSummarySerializer(allow_null=True))
    def get_version_in_force(self, strategy):
        adopted = [v for v in self._versions(strategy) if v.status == "adopted"]
        return VersionSummarySerializer(adopted[0]).data if adopted else None


class GoalSerializer(serializers.ModelSerializer):
    ris3_priorities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "objective", "measurable_target", "horizon_year", "tags", "ris3_priorities"]


class PlannedServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlannedService
        fields = ["name", "category", "kind", "fee_based", "service"]
        extra_kwargs = {"service": {"read_only": True}}


class RevenueLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = RevenuePlanLine
        fields = ["source", "year", "amount"]


class HeadingsSerializer(serializers.ModelSerializer):
    """PATCH of a draft's headings (only the headings; nothing else is writable)."""

    class Meta:
        model = StrategyVersion
        fields = list(StrategyVersion.CONTENT_FIELDS)
        extra_kwargs = {name: {"required": False} for name in StrategyVersion.CONTENT_FIELDS}


class ProjectPriorityField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Ris3Priority.objects.filter(project=self.context["project"])


class GoalWriteSerializer(serializers.ModelSerializer):
    """PATCH of a draft's goal; the RIS3 priorities are ids of the project's priorities."""

    ris3_priorities = ProjectPriorityField(many=True, required=False)

    class Meta:
        model = Goal
        fields = ["objective", "measurable_target", "horizon_year", "tags", "ris3_priorities"]
        extra_kwargs = {
            name: {"required": False}
            for name in ("objective", "measurable_target", "horizon_year", "tags")
        }


class VersionSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)
    planned_services = PlannedServiceSerializer(many=True, read_only=True)
    revenue_lines = RevenueLineSerializer(many=True, read_only=True)

    class Meta:
        model = StrategyVersion
        fields = [
            "number",
            "status",
            *StrategyVersion.CONTENT_FIELDS,
            "adopted_on",
            "adopted_by_body",
            "goals",
            "planned_services",
            "revenue_lines",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class Ris3PrioritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Ris3Priority
        fields = ["id", "region", "domain", "description"]


class JointGoalSerializer(serializers.ModelSerializer):
    clusters = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = JointGoal
        fields = ["id", "objective", "measurable_target", "horizon_year", "tags", "clusters"]


class JointStrategySerializer(serializers.ModelSerializer):
    goals = JointGoalSerializer(many=True, read_only=True)
    # Plain text: "draft" or "adopted" (a second "status" enum would collide in the schema).
    status = serializers.CharField(read_only=True)

    class Meta:
        model = JointStrategy
        fields = [
            "title",
            "status",
            "vision",
            "mission",
            "goals_text",
            "services_text",
            "financial_text",
            "indicators_text",
            "adopted_on",
            "adopted_by_body",
            "goals",
            "updated_at",
        ]
