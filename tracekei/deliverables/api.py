"""REST API of the deliverables register, scoped like the pages (selectors)."""

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from clusters.models import Cluster
from clusters.serializers import raise_as_drf

from . import selectors, services
from .models import Deliverable, Status, StatusChange


class StatusChangeSerializer(serializers.ModelSerializer):
    changed_by = serializers.CharField(source="changed_by.email", default="", read_only=True)
    # Plain codes: "" (created) is not a status, and one status enum is enough in the schema.
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "changed_by", "changed_at", "comment"]


class DeliverableSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.acronym", read_only=True)
    lead_cluster = serializers.SlugRelatedField(slug_field="slug", queryset=Cluster.objects.none())
    is_overdue = serializers.SerializerMethodField()
    has_attachment = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "project",
            "number",
            "title",
            "work_package",
            "lead_cluster",
            "due_date",
            "description",
            "status",
            "submitted_on",
            "late_justification",
            "is_overdue",
            "has_attachment",
        ]
        read_only_fields = ["status", "submitted_on", "late_justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["lead_cluster"].queryset = selectors.lead_cluster_choices(request.user)

    def get_is_overdue(self, deliverable) -> bool:
        return deliverable.is_overdue()


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    late_justification = serializers.CharField(required=False, allow_blank=True, default="")


class ChangesNeedTheRight(BasePermission):
    """403 before the body is read for a change one may not make (it was a 400 for the
    body): creating and editing are the coordinator's, a transition the lead cluster's
    (or the coordinator's); the services check again, precisely."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        return selectors.lead_cluster_choices(request.user).exists()  # as the page

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "action", None)
        if action in ("update", "partial_update"):
            return selectors.may_manage(request.user, obj)
        if action == "transition":
            return selectors.may_manage(request.user, obj) or selectors.may_work_on(
                request.user, obj
            )
        return True


class DeliverableViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DeliverableSerializer
    permission_classes = [IsAuthenticated, ChangesNeedTheRight]
    filterset_fields = ["status", "work_package"]
    search_fields = ["number", "title"]
    ordering_fields = ["due_date", "number"]

    def get_queryset(self):
        return selectors.deliverable_list(user=self.request.user).order_by(
            "due_date", "number", "pk"
        )

    def perform_create(self, serializer):
        try:
            serializer.instance = services.deliverable_create(
                actor=self.request.user, **serializer.validated_data
            )
        except ValidationError as error:
            raise_as_drf(error)
        except PermissionDenied as error:
            raise DrfPermissionDenied from error

    def perform_update(self, serializer):
        try:
            serializer.instance = services.deliverable_update(
                actor=self.request.user,
                deliverable=serializer.instance,
                **serializer.validated_data,
            )
        except ValidationError as error:
            raise_as_drf(error)
        except PermissionDenied as error:
            raise DrfPermissionDenied from error

    @extend_schema(request=TransitionSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"], serializer_class=TransitionSerializer)
    def transition(self, request, pk=None):
        deliverable = self.get_object()
        data = TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            deliverable = services.deliverable_transition(
                actor=request.user,
                deliverable=deliverable,
                to_status=data.validated_data["status"],
                comment=data.validated_data["comment"],
                submitted_on=data.validated_data["submitted_on"],
                late_justification=data.validated_data["late_justification"],
            )
        except ValidationError as error:
            raise_as_drf(error)
        except PermissionDenied as error:
            raise DrfPermissionDenied from error
        return Response(DeliverableSerializer(deliverable, context={"request": request}).data)

    @extend_schema(responses=StatusChangeSerializer(many=True))
    # The whole history, unpaginated (a deliverable has a handful of status changes).
    @action(
        detail=True, methods=["get"], serializer_class=StatusChangeSerializer, pagination_class=None
    )
    def history(self, request, pk=None):
        deliverable = self.get_object()
        rows = deliverable.history.select_related("changed_by")
        return Response(StatusChangeSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("deliverables", DeliverableViewSet, basename="deliverable")
