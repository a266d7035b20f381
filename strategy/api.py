"""REST API of the strategy app; every queryset starts from tracekei.access."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from clusters.serializers import raise_as_drf
from tracekei import access
from tracekei.drf import CLUSTER_WRITES

from . import selectors, services
from .models import Goal, JointGoal, JointStrategy, Ris3Priority
from .serializers import (
    GoalSerializer,
    GoalWriteSerializer,
    HeadingsSerializer,
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

    permission_classes = CLUSTER_WRITES

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

    # GET pages through the versions, POST answers the new one: the schema says both
    # (the API fuzzing of issue 11 found the list documented as a single version).
    @extend_schema(methods=["GET"], responses=VersionSerializer(many=True))
    @extend_schema(methods=["POST"], request=None, responses={201: VersionSerializer})
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

    def _version(self, request, number):
        strategy = self.get_object()
        return selectors.version_get(user=request.user, strategy_pk=strategy.pk, number=number)

    @extend_schema(methods=["GET"], operation_id="strategies_version_retrieve")
    @extend_schema(
        methods=["PATCH"],
        operation_id="strategies_version_partial_update",
        request=HeadingsSerializer,
        responses=VersionSerializer,
    )
    @action(
        detail=True,
        methods=["get", "patch"],
        url_path=r"versions/(?P<number>[0-9]+)",
        serializer_class=VersionSerializer,
    )
    def version(self, request, pk=None, number=None):
        """One version; PATCH changes the headings of a draft (an adopted version: 400)."""
        version = self._version(request, number)
        if request.method == "PATCH":
            access.require_change(request.user, version.strategy.cluster)
            _refuse_unknown(request.data, HeadingsSerializer.Meta.fields)
            serializer = HeadingsSerializer(version, data=request.data, partial=True)
            serializer.is_valid(raise_exception=True)
            try:
                services.version_update(
                    actor=request.user, version=version, **serializer.validated_data
                )
            except ValidationError as error:
                raise_as_drf(error)
            version = self._version(request, number)
        return Response(VersionSerializer(version).data)

    @extend_schema(
        operation_id="strategies_version_goal_partial_update",
        request=GoalWriteSerializer,
        responses=GoalSerializer,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"versions/(?P<number>[0-9]+)/goals/(?P<goal>[0-9]+)",
        serializer_class=GoalWriteSerializer,
    )
    def goal(self, request, pk=None, number=None, goal=None):
        """PATCH a goal of a draft (an adopted version: 400)."""
        version = self._version(request, number)
        access.require_change(request.user, version.strategy.cluster)
        row = next((g for g in version.goals.all() if g.pk == int(goal)), None)
        if row is None:
            raise NotFound
        _refuse_unknown(request.data, GoalWriteSerializer.Meta.fields)
        context = {"request": request, "project": version.strategy.cluster.project}
        serializer = GoalWriteSerializer(row, data=request.data, partial=True, context=context)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        priorities = data.pop("ris3_priorities", list(row.ris3_priorities.all()))
        try:
            row = services.goal_save(
                actor=request.user, version=version, goal=row, ris3_priorities=priorities, **data
            )
        except ValidationError as error:
            raise_as_drf(error)
        return Response(GoalSerializer(row).data)


def _refuse_unknown(data, fields) -> None:
    """A field that cannot be changed here (a typo, the status) is a 400, not ignored."""
    if not hasattr(data, "keys"):
        return  # the serializer answers "expected a dictionary"
    unknown = sorted(set(data.keys()) - set(fields))
    if unknown:
        raise DRFValidationError({name: [_("This field cannot be changed.")] for name in unknown})


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

    # The coordinator's list: anyone else is refused (403) before the body is read, not
    # told what is wrong with it (400).
    def create(self, request, *args, **kwargs):
        project = selectors.visible_project(request.user)
        if project is None:
            raise NotFound
        services.require_coordinator_of_project(request.user, project)
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        services.require_coordinator_of_project(request.user, self.get_object().project)
        return super().update(request, *args, **kwargs)

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


class _OneObjectSchema(AutoSchema):
    """The joint strategy's list route answers the one object, not an array of them."""

    def _is_list_view(self, serializer=None):
        return False


class JointStrategyViewSet(viewsets.GenericViewSet):
    """The consortium's joint strategy with its goals (the coordinator's)."""

    serializer_class = JointStrategySerializer
    pagination_class = None
    schema = _OneObjectSchema()

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
