"""WP1, services mapping: each cluster's service catalogue and its history, deliveries of
services to members, the reference portfolio built on what gold-label clusters offer,
the managers' mapping questionnaire per period, the excellence self-check and the
managers' self-assessment of each service."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Member, MemberType, Project, no_control_characters

#: The ten categories the list starts with (slug, name). The initial migration seeds its own
#: copy; the demo loader re-creates any missing (tests that flush the database remove them).
DEFAULT_CATEGORIES = [
    ("information-communication", "Information and communication"),
    ("networking-matchmaking", "Networking and matchmaking"),
    ("internationalisation", "Internationalisation"),
    ("innovation-rd", "Innovation and R&D support"),
    ("training-skills", "Training and skills"),
    ("finance-funding", "Access to finance and funding"),
    ("market-intelligence", "Market intelligence and foresight"),
    ("branding-promotion", "Branding and promotion"),
    ("business-development", "Business development and consulting"),
    ("shared-infrastructure", "Shared infrastructure"),
]


class ServiceCategory(models.Model):
    """The maintained list of service categories (seeded with ten; the coordinator edits it)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name


class FeeModel(models.TextChoices):
    FREE = "free", _("Free")
    MEMBERSHIP = "membership", _("Included in the membership")
    FEE_BASED = "fee_based", _("Fee-based")
    MIXED = "mixed", _("Mixed")


#: Fee models whose services bring money in (the "fee-based share").
PAID_FEE_MODELS = (FeeModel.FEE_BASED, FeeModel.MIXED)


class ServiceStatus(models.TextChoices):
    EXISTING = "existing", _("Existing")
    IMPROVED = "improved", _("Improved")
    NEW = "new", _("New")


#: The services that count for "SMEs benefitting from new or improved services".
NEW_OR_IMPROVED = (ServiceStatus.NEW, ServiceStatus.IMPROVED)


class DeliveryChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("In person and online")


def _no_negative_price():
    return [MinValueValidator(Decimal("0"), message=_("A price cannot be below zero."))]


class Service(models.Model):
    """A service in a cluster's portfolio. Never deleted once delivered; every change is
    kept as a ServiceChange written by services.services."""

    #: What a manager edits (the page, the API and the history compare these).
    EDITABLE_FIELDS = (
        "name",
        "category",
        "description",
        "target_member_types",
        "fee_model",
        "price_min",
        "price_max",
        "currency",
        "status",
        "status_since",
        "delivery_channel",
    )

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    description = models.TextField(_("description"), blank=True)
    target_member_types = models.JSONField(
        _("target member types"),
        default=list,
        blank=True,
        help_text=_("Leave empty when the service is for every kind of member."),
    )
    fee_model = models.CharField(_("fee model"), max_length=20, choices=FeeModel.choices)
    price_min = models.DecimalField(
        _("lowest price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_no_negative_price(),
    )
    price_max = models.DecimalField(
        _("highest price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_no_negative_price(),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(
        _("status in the project"), max_length=10, choices=ServiceStatus.choices
    )
    status_since = models.DateField(
        _("launched or improved on"),
        null=True,
        blank=True,
        help_text=_("Required for a new or improved service."),
    )
    delivery_channel = models.CharField(
        _("delivery channel"),
        max_length=20,
        choices=DeliveryChannel.choices,
        default=DeliveryChannel.IN_PERSON,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "name"],
                name="service_name_unique_in_cluster",
                violation_error_message=_("This cluster already has a service with this name."),
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0),
                name="service_price_min_not_negative",
                violation_error_message=_("A price cannot be below zero."),
            ),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=0),
                name="service_price_max_not_negative",
                violation_error_message=_("A price cannot be below zero."),
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=F("price_min")),
                name="service_price_range_ordered",
                violation_error_message=_("The highest price must not be below the lowest."),
            ),
            models.CheckConstraint(
                condition=Q(status="existing") | Q(status_since__isnull=False),
                name="service_new_or_improved_has_date",
                violation_error_message=_("Give the date a new or improved service started."),
            ),
        ]
        indexes = [models.Index(fields=["cluster", "category"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:detail", kwargs={"pk": self.pk})

    @property
    def is_paid(self) -> bool:
        return self.fee_model in PAID_FEE_MODELS

    @property
    def available_from(self):
        """A new service exists from its launch; an existing or improved one already did."""
        return self.status_since if self.status == ServiceStatus.NEW else None

    def clean(self) -> None:
        errors = {}
        if self.status in NEW_OR_IMPROVED and not self.status_since:
            errors["status_since"] = _("Give the date a new or improved service started.")
        if (
            self.price_min is not None
            and self.price_max is not None
            and self.price_max < self.price_min
        ):
            errors["price_max"] = _("The highest price must not be below the lowest.")
        if self.fee_model in PAID_FEE_MODELS and self.price_min is None:
            errors["price_min"] = _("Give at least the lowest price of a fee-based service.")
        valid_types = set(MemberType.values)
        if not isinstance(self.target_member_types, list) or not set(
            self.target_member_types
        ) <= set(valid_types):
            errors["target_member_types"] = _("Choose member types from the list.")
        self.currency = (self.currency or "").upper()
        if len(self.currency) != 3 or not self.currency.isalpha():
            errors["currency"] = _("Give a three-letter currency code, such as EUR.")
        if errors:
            raise ValidationError(errors)

    def target_member_type_labels(self) -> list[str]:
        labels = dict(MemberType.choices)
        return [str(labels[value]) for value in self.target_member_types if value in labels]


class ServiceChange(models.Model):
    """One change of a service: who, when, and each field's old and new value."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Changed")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    #: field name -> [old value, new value], as text
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} {self.get_action_display()} {self.changed_at:%Y-%m-%d}"


class ServiceDelivery(models.Model):
    """A service delivered to one member on a day. The member row is never deleted when
    the member leaves (it gets a leaving date), so past deliveries stay."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="deliveries"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    outcome = models.TextField(_("outcome"), blank=True, validators=[no_control_characters])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name_plural = _("service deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "member", "delivered_on"],
                name="delivery_unique_per_member_and_day",
                violation_error_message=_(
                    "This service is already recorded for this member on this day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="delivery_hours_not_negative",
                violation_error_message=_("Hours cannot be below zero."),
            ),
        ]
        indexes = [models.Index(fields=["member", "delivered_on"])]

    def __str__(self) -> str:
        return f"{self.service} → {self.member} ({self.delivered_on:%Y-%m-%d})"


class ReferenceService(models.Model):
    """One of the project's reference portfolio (six services built on what gold-label
    clusters offer): the coordinator defines it, each cluster's coverage is measured
    against it by category."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="reference_services"
    )
    category = models.ForeignKey(
        ServiceCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category"],
                name="reference_service_one_per_category",
                violation_error_message=_(
                    "The reference portfolio already has a service of this category."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class MappingPeriod(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    MID_TERM = "mid_term", _("Mid-term")
    FINAL = "final", _("Final")


class GoalsPursued(models.TextChoices):
    YES = "yes", _("Yes, all of them")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Outlook(models.TextChoices):
    SECURE = "secure", _("Secure")
    STABLE = "stable", _("Stable")
    UNCERTAIN = "uncertain", _("Uncertain")
    AT_RISK = "at_risk", _("At risk")


def _percent(label):
    return models.PositiveSmallIntegerField(label, default=0, validators=[MaxValueValidator(100)])


class ServiceMapping(models.Model):
    """The manager's mapping questionnaire for one period (baseline, mid-term, final)."""

    REVENUE_FIELDS = ("revenue_public", "revenue_membership", "revenue_services", "revenue_other")

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="mappings"
    )
    period = models.CharField(_("period"), max_length=10, choices=MappingPeriod.choices)
    answered_on = models.DateField(_("answered on"))
    initial_goals = models.TextField(_("the initiative's initial goals"))
    goals_pursued = models.CharField(
        _("are these goals still pursued?"), max_length=10, choices=GoalsPursued.choices
    )
    services_provided = models.TextField(_("services provided"), blank=True)
    revenue_public = _percent(_("public funding (%)"))
    revenue_membership = _percent(_("membership fees (%)"))
    revenue_services = _percent(_("service fees (%)"))
    revenue_other = _percent(_("other (%)"))
    sustainability_outlook = models.CharField(
        _("financial-sustainability outlook"), max_length=10, choices=Outlook.choices
    )
    sustainability_note = models.TextField(_("note on financial sustainability"), blank=True)
    committed_members = models.PositiveIntegerField(_("committed (active) members"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cluster", "answered_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "period"],
                name="mapping_one_per_cluster_and_period",
                violation_error_message=_("This period's mapping is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(
                    revenue_public=100
                    - F("revenue_membership")
                    - F("revenue_services")
                    - F("revenue_other")
                ),
                name="mapping_revenue_mix_sums_to_100",
                violation_error_message=_("The revenue mix must add up to 100%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.get_period_display()}"

    def clean(self) -> None:
        total = sum(getattr(self, name) or 0 for name in self.REVENUE_FIELDS)
        if total != 100:
            raise ValidationError(
                {
                    "revenue_other": _("The revenue mix adds up to %(total)d%%, not 100%%.")
                    % {"total": total}
                }
            )


class ServiceAssessment(models.Model):
    """The manager's dated self-assessment of one service."""

    class Maturity(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        DEVELOPING = "developing", _("Developing")
        ESTABLISHED = "established", _("Established")
        MATURE = "mature", _("Mature")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    quality = models.PositiveSmallIntegerField(
        _("quality (1 to 5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    maturity = models.CharField(_("maturity"), max_length=12, choices=Maturity.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=5),
                name="assessment_quality_1_to_5",
                violation_error_message=_("Quality is from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.assessed_on:%Y-%m-%d}: {self.quality}"


class ExcellenceCheck(models.Model):
    """A dated traffic-light self-check against the cluster-management benchmarking behind
    the bronze label; its ratings are ExcellenceRating rows (one per worksheet item)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="excellence_checks")
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.cluster} {self.checked_on:%Y-%m-%d}"


class TrafficLight(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")


class ExcellenceRating(models.Model):
    check_run = models.ForeignKey(ExcellenceCheck, on_delete=models.CASCADE, related_name="ratings")
    item = models.CharField(max_length=40)  # a code of services.excellence.ITEM_CODES
    rating = models.CharField(_("rating"), max_length=6, choices=TrafficLight.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_run", "item"], name="rating_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.rating}"
