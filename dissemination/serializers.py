"""API input and output shapes of the dissemination app. Clusters written to must be ones
the caller may change: anything else is a field error (400), never a write elsewhere."""

from __future__ import annotations

from rest_framework import serializers

from clusters.models import Member, Sector
from clusters.serializers import EditableClusterField
from tracekei import access

from . import services
from .models import (
    AudienceType,
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
    language_choices,
)


class DisseminationActivitySerializer(serializers.ModelSerializer):
    clusters = EditableClusterField(slug_field="slug", many=True)
    countries = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, default=list
    )
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c, _n in language_choices()]),
        required=False,
        default=list,
    )
    audience_types = serializers.ListField(
        child=serializers.ChoiceField(choices=AudienceType.choices), required=False, default=list
    )
    audience_size = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    approved = serializers.SerializerMethodField()

    class Meta:
        model = DisseminationActivity
        fields = [
            "id",
            "clusters",
            "activity_type",
            "date",
            "title",
            "summary",
            "link",
            "languages",
            "countries",
            "audience_size",
            "audience_types",
            "is_public",
            "approved",
        ]

    def get_approved(self, instance) -> bool:
        return instance.approved_at is not None

    def validate_countries(self, value):
        from django.core.exceptions import ValidationError

        try:
            return services.clean_country_codes(value)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict["countries"]) from error

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Reading an activity shared with a cluster the caller cannot change shows it all.
        data["clusters"] = [c.slug for c in instance.clusters.all()]
        data["countries"] = [str(c.country) for c in instance.countries_reached.all()]
        return data


class FollowUpSerializer(serializers.ModelSerializer):
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = FollowUp
        fields = ["id", "action", "owner", "due_on", "done_on", "overdue"]

    def get_overdue(self, instance) -> bool:
        return instance.is_overdue()


class DialogueSerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = PolicyDialogue
        fields = [
            "id",
            "cluster",
            "date",
            "authority",
            "level",
            "topics",
            "ris3_link",
            "outcome",
            "follow_ups",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cluster"] = instance.cluster.slug
        return data


class ClusterMemberField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Member.objects.filter(
            cluster__in=access.editable_clusters(self.context["request"].user)
        )


class PostSerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")
    member = ClusterMemberField(required=False, allow_null=True)
    sector = serializers.SlugRelatedField(
        slug_field="slug", queryset=Sector.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = CollaborationPost
        fields = ["id", "cluster", "direction", *CollaborationPost.EDITABLE_FIELDS, "created_at"]
        read_only_fields = ["direction", "created_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cluster"] = instance.cluster.slug
        return data


class VisiblePostField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        from .selectors import post_list

        return post_list(user=self.context["request"].user)


class CollaborationSerializer(serializers.ModelSerializer):
    post = VisiblePostField()
    interested_cluster = EditableClusterField(slug_field="slug")
    owner_cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Collaboration
        fields = [
            "id",
            "post",
            "owner_cluster",
            "interested_cluster",
            "message",
            "status",
            "outcome",
            "expressed_at",
            "accepted_on",
        ]
        read_only_fields = ["status", "outcome", "expressed_at", "accepted_on"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["interested_cluster"] = instance.interested_cluster.slug
        return data


class StorySerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    other_clusters = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    published = serializers.SerializerMethodField()

    class Meta:
        model = SuccessStory
        fields = [
            "id",
            "cluster",
            "other_clusters",
            "title",
            "challenge",
            "action",
            "result",
            "indicator",
            "quote",
            "quote_by",
            "is_public",
            "published",
        ]
        read_only_fields = fields

    def get_published(self, instance) -> bool:
        return instance.is_public and instance.approved_at is not None
