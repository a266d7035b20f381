"""REST API of the trainings app; every queryset starts from trainings.selectors, which
is built on tracekei.access (the visibility rule is written there)."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Sum
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from clusters.models import RoleAssignment
from clusters.serializers import raise_as_drf
from tracekei.drf import CLUSTER_WRITES

from . import selectors, services
from .filters import ActivityFilter
from .models import Attendance, CoreModule, Participation, SkillRating
from .serializers import (
    ActivitySerializer,
    CoreModuleSerializer,
    ParticipationSerializer,
    SkillRatingSerializer,
)


class CoreModuleViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CoreModuleSerializer
    lookup_field = "slug"
    queryset = CoreModule.objects.all()
    filterset_fields = ["is_active"]


class ActivityViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = CLUSTER_WRITES
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["start_date", "title", "created_at"]

    def get_queryset(self):
        return selectors.activity_list(user=self.request.user)

    def get_object(self):
        activity = super().get_object()
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            selectors.require_change_activity(self.request.user, activity)
        return activity

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            activity = services.activity_create(
                actor=self.request.user,
                organising_cluster=data.pop("organising_cluster"),
                modules=data.pop("modules", []),
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)
        serializer.instance = self.get_queryset().get(pk=activity.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        activity = serializer.instance
        cluster = data.pop("organising_cluster", activity.organising_cluster)
        if cluster != activity.organising_cluster:
            raise serializers.ValidationError(
                {"organising_cluster": ["An activity stays with the cluster that organises it."]}
            )
        try:
            services.activity_update(
                actor=self.request.user,
                activity=activity,
                modules=data.pop("modules", None),
                **data,
            )
        except ValidationError as error:
            raise_as_drf(error)
        serializer.instance = self.get_queryset().get(pk=activity.pk)


class ParticipationFilter(django_filters.FilterSet):
    activity = django_filters.NumberFilter(field_name="activity_id")
    mine = django_filters.BooleanFilter(method="only_mine")

    def only_mine(self, queryset, name, value):
        return queryset.filter(user=self.request.user) if value else queryset


class ParticipationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Registrations with their days. POST with only ``activity`` registers yourself; an
    editor of the activity may register an outside person with ``name``."""

    serializer_class = ParticipationSerializer
    filterset_class = ParticipationFilter

    def get_queryset(self):
        return (
            Participation.objects.filter(
                activity__in=selectors.activities_visible(self.request.user)
            )
            .select_related("user")
            .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.order_by("day")))
            .annotate(total_hours=Sum("attendances__hours"))
            .order_by("activity_id", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if user.is_authenticated:
            editable = selectors.activities_editable(user).values_list("pk", flat=True)
            mine = Participation.objects.filter(user=user).values_list("activity_id", flat=True)
            context["private_activity_ids"] = set(editable) | set(mine)
        return context

    def perform_create(self, serializer):
        data = serializer.validated_data
        name = data.get("name", "")
        try:
            participation = services.participation_register(
                actor=self.request.user,
                activity=data["activity"],
                user=None if name else self.request.user,
                name=name,
                organisation=data.get("organisation", ""),
                email=data.get("email", ""),
            )
        except ValidationError as error:
            raise_as_drf(error)
        serializer.instance = self.get_queryset().get(pk=participation.pk)


class SkillRatingFilter(django_filters.FilterSet):
    round = django_filters.NumberFilter(field_name="round_id")
    module = django_filters.CharFilter(field_name="module__slug")


class RatesOnlyManagers(BasePermission):
    """Only a cluster manager rates themself (``services.self_assessment_submit``): anyone
    else is refused with 403 before the body is read (it was a 400 for the body)."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        return RoleAssignment.objects.filter(user=request.user.pk, role="manager").exists()


class SkillAssessmentViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Self-assessed ratings: your own, or every manager's for a coordinator. POST rates
    one module in an open round for yourself (again: updates it)."""

    permission_classes = [IsAuthenticated, RatesOnlyManagers]
    serializer_class = SkillRatingSerializer
    filterset_class = SkillRatingFilter

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return SkillRating.objects.none()
        ratings = SkillRating.objects.filter(round__in=selectors.rounds_for(user)).select_related(
            "user", "module", "round"
        )
        if not user.is_superuser:
            coordinated = RoleAssignment.objects.filter(user=user.pk, role="coordinator").values(
                "project"
            )
            ratings = ratings.filter(user=user) | ratings.filter(round__project__in=coordinated)
        return ratings.order_by("round_id", "user_id", "module__position", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            services.self_assessment_submit(
                actor=self.request.user,
                assessment_round=data["round"],
                levels={data["module"].pk: data["level"]},
            )
        except ValidationError as error:
            raise_as_drf(error)
        serializer.instance = SkillRating.objects.select_related("user", "module").get(
            round=data["round"], user=self.request.user, module=data["module"]
        )


def register(router):
    router.register("activities", ActivityViewSet, basename="activity")
    router.register("participations", ParticipationViewSet, basename="participation")
    router.register("skill-assessments", SkillAssessmentViewSet, basename="skill-assessment")
    router.register("modules", CoreModuleViewSet, basename="core-module")
