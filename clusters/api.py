"""REST API of the clusters app; every queryset starts from tracekei.access."""

from django.core.exceptions import ValidationError
from rest_framework import mixins, serializers, viewsets

from tracekei import access
from tracekei.drf import CLUSTER_WRITES

from . import selectors, services
from .filters import MemberFilter
from .models import Member
from .serializers import ClusterSerializer, MemberSerializer, raise_as_drf


class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ClusterSerializer
    lookup_field = "slug"
    search_fields = ["acronym", "legal_name", "region"]
    ordering_fields = ["acronym", "country", "member_count"]
    filterset_fields = ["country"]

    def get_queryset(self):
        return selectors.cluster_list(user=self.request.user)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = CLUSTER_WRITES
    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    ordering_fields = ["name", "joined_on", "created_at"]

    def get_queryset(self):
        return selectors.member_list(user=self.request.user)

    def get_object(self):
        member = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            access.require_change(self.request.user, member.cluster)
        return member

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.member_create(
                actor=self.request.user,
                cluster=data.pop("cluster"),
                sectors=data.pop("sectors", []),
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        member: Member = serializer.instance
        cluster = data.pop("cluster", member.cluster)
        if cluster != member.cluster:
            raise serializers.ValidationError(
                {"cluster": ["A member cannot be moved to another cluster; add it there instead."]}
            )
        try:
            serializer.instance = services.member_update(
                actor=self.request.user, member=member, sectors=data.pop("sectors", None), **data
            )
        except ValidationError as error:
            raise_as_drf(error)


def register(router):
    router.register("clusters", ClusterViewSet, basename="cluster")
    router.register("members", MemberViewSet, basename="member")
