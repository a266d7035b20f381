"""API input and output shapes. The cluster a member is written to must be one the
caller may change: anything else is a field error (400), never a write elsewhere."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from tracekei import access

from .models import Cluster, LabelAward, Member, Sector


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = LabelAward
        fields = ["level", "awarded_on", "valid_until"]


class ClusterSerializer(serializers.ModelSerializer):
    country = CountryField()
    sectors = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    labels = LabelSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    project = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "id",
            "slug",
            "acronym",
            "legal_name",
            "project",
            "country",
            "region",
            "sectors",
            "website",
            "founded_year",
            "staff_count",
            "management_staff_fte",
            "member_count",
            "labels",
        ]


class EditableClusterField(serializers.SlugRelatedField):
    def get_queryset(self):
        return access.editable_clusters(self.context["request"].user)


class MemberSerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")
    country = CountryField()
    sectors = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Sector.objects.all(), required=False
    )

    class Meta:
        model = Member
        fields = ["id", "cluster", *Member.EDITABLE_FIELDS, "sectors", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Reading a member the caller cannot change must not hide its cluster.
        data["cluster"] = instance.cluster.slug
        return data


def raise_as_drf(error: DjangoValidationError):
    """A model invariant broken through the API is a 400 with the field's name."""
    if hasattr(error, "error_dict"):
        raise serializers.ValidationError(error.message_dict) from error
    raise serializers.ValidationError({"non_field_errors": error.messages}) from error
