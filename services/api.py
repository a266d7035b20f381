"""REST API of the services app; every queryset starts from tracekei.access."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from clusters.serializers import raise_as_drf
from tracekei import access
from tracekei.drf import CLUSTER_WRITES

from . import selectors, services
from .filters import DeliveryFilter, MappingFilter, ServiceFilter
from .models import Service
from .serializers import DeliverySerializer, MappingSerializer, ServiceSerializer

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = CLUSTER_WRITES
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    ordering_fields = ["name", "status_since", "created_at"]

    def get_queryset(self):
        return selectors.service_list(user=self.request.user)

    def get_object(self):
        service = super().get_object()
        if self.request.method not in READ_METHODS:
            access.require_change(self.request.user, service.cluster)
        return service

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            service = services.service_create(
                actor=self.request.user, cluster=data.pop("cluster"), **data
            )
        except ValidationError as error:
            raise_as_drf(error)
        serializer.instance = selectors.service_list(user=self.request.user).get(pk=service.pk)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        service: Service = serializer.instance
        if data.pop("cluster", service.cluster) != service.cluster:
            raise serializers.ValidationError(
                {"cluster": [_("A service cannot be moved to another cluster.")]}
            )
        try:
            services.service_update(actor=self.request.user, service=service, **data)
        except ValidationError as error:
            raise_as_drf(error)


class ServiceDeliveryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Create takes ``members`` (a list of ids): one service delivered to many members on
    one day. The answer says how many were recorded and how many already were."""

    permission_classes = CLUSTER_WRITES

    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    ordering_fields = ["delivered_on", "created_at"]

    def get_queryset(self):
        return selectors.delivery_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = services.delivery_record_bulk(
                actor=request.user,
                service=data["service"],
                members=data["members"],
                delivered_on=data["delivered_on"],
                hours=data.get("hours"),
                outcome=data.get("outcome", ""),
            )
        except ValidationError as error:
            raise_as_drf(error)
        if not result.created:
            raise serializers.ValidationError(
                {"members": [_("Already recorded: these members had this service on that day.")]}
            )
        return Response(
            {"created": result.created, "already_recorded": result.already_recorded},
            status=status.HTTP_201_CREATED,
        )


class ServiceMappingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = CLUSTER_WRITES
    serializer_class = MappingSerializer
    filterset_class = MappingFilter
    ordering_fields = ["answered_on"]

    def get_queryset(self):
        return selectors.mapping_list(user=self.request.user)

    def get_object(self):
        mapping = super().get_object()
        if self.request.method not in READ_METHODS:
            access.require_change(self.request.user, mapping.cluster)
        return mapping

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.mapping_save(
                actor=self.request.user, cluster=data.pop("cluster"), **data
            )
        except ValidationError as error:
            raise_as_drf(error)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        mapping = serializer.instance
        if data.pop("cluster", mapping.cluster) != mapping.cluster:
            raise serializers.ValidationError(
                {"cluster": [_("A mapping cannot be moved to another cluster.")]}
            )
        try:
            serializer.instance = services.mapping_save(
                actor=self.request.user, cluster=mapping.cluster, mapping=mapping, **data
            )
        except ValidationError as error:
            raise_as_drf(error)


def register(router):
    router.register("services", ServiceViewSet, basename="service")
    router.register("service-deliveries", ServiceDeliveryViewSet, basename="service-delivery")
    router.register("service-mappings", ServiceMappingViewSet, basename="service-mapping")
