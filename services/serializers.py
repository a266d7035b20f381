"""API input and output shapes of the services app. A service is written only to a cluster
the caller may change; a delivery's members must be members of the service's cluster:
anything else is a field error (400)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clusters.models import Member, MemberType
from clusters.serializers import EditableClusterField
from tracekei import access

from .models import Service, ServiceCategory, ServiceDelivery, ServiceMapping


@extend_schema_field(
    {"type": "array", "items": {"type": "string", "enum": list(MemberType.values)}}
)
class MemberTypeListField(serializers.ListField):
    """Member types a service is for. Described inline in the schema: the same choices as
    a member's type, which would otherwise be a second enum under another name."""

    child = serializers.ChoiceField(choices=MemberType.choices)


class ServiceSerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")
    category = serializers.SlugRelatedField(
        slug_field="slug", queryset=ServiceCategory.objects.all()
    )
    target_member_types = MemberTypeListField(required=False)
    delivery_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "cluster",
            *Service.EDITABLE_FIELDS,
            "delivery_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is checked by the service (full_clean), with the same message.
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cluster"] = instance.cluster.slug
        return data


class VisibleServiceField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return access.scope(
            Service.objects.select_related("cluster__project"),
            self.context["request"].user,
            write=True,
        )


class DeliverySerializer(serializers.ModelSerializer):
    """Read: one delivery. Write: ``members`` (a list of member ids) all get the service."""

    service = VisibleServiceField()
    members = serializers.ListField(
        child=serializers.IntegerField(), write_only=True, allow_empty=False, max_length=5000
    )
    member = serializers.PrimaryKeyRelatedField(read_only=True)
    member_name = serializers.CharField(source="member.name", read_only=True)
    cluster = serializers.SlugRelatedField(
        source="service.cluster", slug_field="slug", read_only=True
    )

    class Meta:
        model = ServiceDelivery
        fields = [
            "id",
            "service",
            "cluster",
            "member",
            "member_name",
            "members",
            "delivered_on",
            "hours",
            "outcome",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        validators = []

    def validate(self, data):
        service = data["service"]
        wanted = set(data["members"])
        found = {
            m.pk: m for m in Member.objects.filter(pk__in=wanted, cluster_id=service.cluster_id)
        }
        missing = sorted(wanted - set(found))
        if missing:
            raise serializers.ValidationError(
                {
                    "members": [
                        _("Not members of this service's cluster: %(ids)s.")
                        % {"ids": ", ".join(str(pk) for pk in missing)}
                    ]
                }
            )
        data["members"] = list(found.values())
        return data


class MappingSerializer(serializers.ModelSerializer):
    cluster = EditableClusterField(slug_field="slug")

    class Meta:
        model = ServiceMapping
        fields = [
            "id",
            "cluster",
            "period",
            "answered_on",
            "initial_goals",
            "goals_pursued",
            "services_provided",
            "revenue_public",
            "revenue_membership",
            "revenue_services",
            "revenue_other",
            "sustainability_outlook",
            "sustainability_note",
            "committed_members",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["cluster"] = instance.cluster.slug
        return data
