"""REST API of the strategy app; every queryset starts from tracekei.access."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from clusters.serializers import raise_as_drf
from tracekei import access

from . import selectors, services
from .models import Goal, JointGoal, JointStrategy, Ris3Priority
from .serializers import (
    JointStrategySerializer,
    Ris3PrioritySerializer,
    StrategySerializer,
    VersionSerializer,
)


class StrategyViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Cluster strategies; ``versions/`` lists every version (POST starts the next one)."""

    serializer_class = StrategySerializer
    ordering_fields = ["start_year", "title"]
    filterset_fields = ["start_year"]

    def get_queryset(self):
        return selectors.strategy_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.strategy_create(actor=self.request.user, **data)
        except ValidationError as error:
            raise_as_drf(error)

    @action(detail=True, methods=["get", "post"], serializer_class=VersionSerializer)
    def versions(self, request, pk=None):
        strategy = self.get_object()
        if request.method == "POST":
            access.require_change(request.user, strategy.cluster)
            try:
                version = services.version_create_next(actor=request.user, strategy=strategy)
            except ValidationError as error:
                raise_as_drf(error)
            return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)
        versions = strategy.versions.order_by("-number").prefetch_related(
            Prefetch("goals", queryset=Goal.objects.prefetch_related("ris3_priorities")),
            "planned_services",
            "revenue_lines",
        )
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(VersionSerializer(page, many=True).data)


class Ris3PriorityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The regions' smart-specialisation priorities; the coordinator edits them."""

    serializer_class = Ris3PrioritySerializer
    search_fields = ["region", "domain"]
    filterset_fields = ["region"]
    ordering_fields = ["region", "domain"]

    def get_queryset(self):
        project = selectors.visible_project(self.request.user)
        if project is None:
            return Ris3Priority.objects.none()
        return selectors.ris3_list(project=project)

    def perform_create(self, serializer):
        project = selectors.visible_project(self.request.user)
        if project is None:
            raise NotFound
        try:
            serializer.instance = services.ris3_priority_save(
                actor=self.request.user, project=project, **serializer.validated_data
            )
        except ValidationError as error:
            raise_as_drf(error)

    def perform_update(self, serializer):
        priority = serializer.instance
        try:
            serializer.instance = services.ris3_priority_save(
                actor=self.request.user,
                project=priority.project,
                priority=priority,
                **serializer.validated_data,
            )
        except ValidationError as error:
            raise_as_drf(error)


class JointStrategyViewSet(viewsets.GenericViewSet):
    """The consortium's joint strategy with its goals (the coordinator's)."""

    serializer_class = JointStrategySerializer
    pagination_class = None

    def get_queryset(self):
        return JointStrategy.objects.prefetch_related(
            Prefetch("goals", queryset=JointGoal.objects.prefetch_related("clusters"))
        )

    def list(self, request):
        project = selectors.visible_project(request.user)
        if project is None or not access.is_coordinator(request.user):
            raise NotFound
        joint = self.get_queryset().filter(project=project).first()
        if joint is None:
            raise NotFound
        return Response(self.get_serializer(joint).data)


def register(router):
    router.register("strategies", StrategyViewSet, basename="strategy")
    router.register("ris3-priorities", Ris3PriorityViewSet, basename="ris3-priority")
    router.register("joint-strategy", JointStrategyViewSet, basename="joint-strategy")
