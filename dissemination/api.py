"""REST API of the dissemination app; every queryset starts from tracekei.access."""

from django.core.exceptions import ValidationError
from rest_framework import mixins, viewsets

from clusters.serializers import raise_as_drf
from tracekei import access
from tracekei.drf import CLUSTER_WRITES

from . import selectors, services
from .filters import ActivityFilter, CollaborationFilter, DialogueFilter, PostFilter
from .models import Direction
from .serializers import (
    CollaborationSerializer,
    DialogueSerializer,
    DisseminationActivitySerializer,
    PostSerializer,
    StorySerializer,
)

_WRITE = ("POST", "PUT", "PATCH", "DELETE")


class _Writable(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    pass


class ActivityViewSet(_Writable):
    permission_classes = CLUSTER_WRITES
    serializer_class = DisseminationActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["date", "title"]

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user)

    def get_object(self):
        activity = super().get_object()
        if self.request.method in _WRITE:
            for cluster in activity.clusters.all():
                access.require_change(self.request.user, cluster)
        return activity

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.activity_create(
                actor=self.request.user,
                clusters=data.pop("clusters"),
                countries=data.pop("countries", []),
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        countries = data.pop("countries", None)
        try:
            serializer.instance = services.activity_update(
                actor=self.request.user,
                activity=serializer.instance,
                clusters=data.pop("clusters", None),
                # Countries left out of the request stay as they are.
                countries=countries if "countries" in self.request.data else None,
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)


class DialogueViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = CLUSTER_WRITES
    serializer_class = DialogueSerializer
    filterset_class = DialogueFilter
    ordering_fields = ["date"]

    def get_queryset(self):
        return selectors.dialogue_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.dialogue_create(
                actor=self.request.user, cluster=data.pop("cluster"), **data
            )
        except ValidationError as error:
            raise_as_drf(error)


class _PostViewSet(_Writable):
    permission_classes = CLUSTER_WRITES
    serializer_class = PostSerializer
    filterset_class = PostFilter
    ordering_fields = ["created_at", "title"]
    direction = ""

    def get_queryset(self):
        return selectors.post_list(user=self.request.user, direction=self.direction)

    def get_object(self):
        post = super().get_object()
        if self.request.method in _WRITE:
            access.require_change(self.request.user, post.cluster)
        return post

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.post_create(
                actor=self.request.user,
                cluster=data.pop("cluster"),
                direction=self.direction,
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("cluster", None)  # a post stays with its cluster
        try:
            serializer.instance = services.post_update(
                actor=self.request.user, post=serializer.instance, **data
            )
        except ValidationError as error:
            raise_as_drf(error)


class OfferViewSet(_PostViewSet):
    direction = Direction.OFFER


class NeedViewSet(_PostViewSet):
    direction = Direction.NEED


class CollaborationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Interest expressed (POST) and the collaborations that came of it."""

    permission_classes = CLUSTER_WRITES

    serializer_class = CollaborationSerializer
    filterset_class = CollaborationFilter

    def get_queryset(self):
        return selectors.collaboration_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.interest_express(
                actor=self.request.user,
                post=data["post"],
                interested_cluster=data["interested_cluster"],
                message=data.get("message", ""),
            )
        except ValidationError as error:
            raise_as_drf(error)


class StoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StorySerializer

    def get_queryset(self):
        return selectors.story_list(user=self.request.user)


def register(router):
    router.register("dissemination-activities", ActivityViewSet, basename="dissemination-activity")
    router.register("policy-dialogues", DialogueViewSet, basename="policy-dialogue")
    router.register("offers", OfferViewSet, basename="offer")
    router.register("needs", NeedViewSet, basename="need")
    router.register("collaborations", CollaborationViewSet, basename="collaboration")
    router.register("success-stories", StoryViewSet, basename="success-story")
