"""Cluster strategies (WP2): a strategy per cluster kept as numbered versions with the
shared headings, its goals, planned services, revenue plan and own indicators; the
members' consultation; the regional RIS3 priorities; the consortium's joint strategy."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Member, Project, no_control_characters

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]

#: The shared headings every cluster strategy (and the joint strategy) fills, in order:
#: (field name, label). All six must be filled before a version can be adopted.
SHARED_HEADINGS = (
    ("vision", _("Vision")),
    ("mission", _("Mission")),
    ("goals_text", _("Goals")),
    ("services_text", _("Services")),
    ("financial_text", _("Financial sustainability")),
    ("indicators_text", _("Indicators")),
)
#: The other headings of a cluster strategy.
OTHER_HEADINGS = (
    ("swot_strengths", _("Strengths")),
    ("swot_weaknesses", _("Weaknesses")),
    ("swot_opportunities", _("Opportunities")),
    ("swot_threats", _("Threats")),
    ("roadmap", _("Action roadmap")),
)
HEADINGS = SHARED_HEADINGS + OTHER_HEADINGS
HEADING_CHOICES = [(name, label) for name, label in HEADINGS] + [("general", _("General"))]


def normalise_tags(value: str) -> str:
    """Tags typed as "Internationalisation, digital agro-food" kept lower case, comma
    separated, without duplicates: the matching compares them as they are stored."""
    seen = []
    for raw in (value or "").replace(";", ",").split(","):
        tag = " ".join(raw.casefold().split())
        if tag and tag not in seen:
            seen.append(tag)
    return ", ".join(seen)


class Ris3Priority(models.Model):
    """A priority domain of a region's smart-specialisation strategy (RIS3)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="ris3_priorities", verbose_name=_("project")
    )
    region = models.CharField(_("region"), max_length=120, validators=[no_control_characters])
    domain = models.CharField(_("domain"), max_length=200, validators=[no_control_characters])
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["region", "domain"]
        verbose_name = _("RIS3 priority")
        verbose_name_plural = _("RIS3 priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "region", "domain"],
                name="ris3_priority_unique",
                violation_error_message=_("This region already has this priority domain."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.region}: {self.domain}"


class Strategy(models.Model):
    """A cluster's medium-to-long-term strategy for a period; its content lives in versions."""

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="strategies", verbose_name=_("cluster")
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("to year"), validators=YEAR_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster__acronym", "-start_year"]
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "start_year"],
                name="strategy_unique_per_cluster_period",
                violation_error_message=_("This cluster already has a strategy from this year."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="strategy_period_ordered",
                violation_error_message=_("The strategy cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.acronym}: {self.title} ({self.start_year}-{self.end_year})"

    def get_absolute_url(self) -> str:
        return reverse("strategy:detail", kwargs={"pk": self.pk})


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSULTATION = "consultation", _("In consultation")
    ADOPTED = "adopted", _("Adopted")
    SUPERSEDED = "superseded", _("Superseded")


#: Statuses whose content is frozen.
FROZEN = (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)


class StrategyVersion(models.Model):
    """One numbered version of a strategy. Adopted (and later superseded) versions are
    immutable: a change is a new version."""

    CONTENT_FIELDS = tuple(name for name, _label in HEADINGS)

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="versions", verbose_name=_("strategy")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    goals_text = models.TextField(
        _("goals"), blank=True, help_text=_("An introduction; the goals are listed below.")
    )
    services_text = models.TextField(
        _("services"), blank=True, help_text=_("New and improved services the cluster plans.")
    )
    financial_text = models.TextField(
        _("financial sustainability"),
        blank=True,
        help_text=_("How the cluster will fund itself; the revenue plan is listed below."),
    )
    indicators_text = models.TextField(
        _("indicators"), blank=True, help_text=_("How the cluster follows up its own targets.")
    )
    swot_strengths = models.TextField(_("strengths"), blank=True)
    swot_weaknesses = models.TextField(_("weaknesses"), blank=True)
    swot_opportunities = models.TextField(_("opportunities"), blank=True)
    swot_threats = models.TextField(_("threats"), blank=True)
    roadmap = models.TextField(_("action roadmap"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by_body = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The body that adopted it, e.g. the general assembly."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["strategy", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "number"],
                name="strategy_version_unique_number",
                violation_error_message=_("This strategy already has a version with this number."),
            ),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=Q(status="adopted"),
                name="strategy_one_adopted_version",
                violation_error_message=_("Only one version of a strategy is in force."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "consultation"])
                | (Q(adopted_on__isnull=False) & ~Q(adopted_by_body="")),
                name="strategy_version_adoption_recorded",
                violation_error_message=_("An adopted version needs its date and body."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} v{self.number}"

    def save(self, *args, **kwargs):
        # The last guard of immutability: whatever path a write takes, the content of an
        # adopted version never changes (only adopted -> superseded is allowed).
        if self.pk:
            stored = (
                StrategyVersion.objects.filter(pk=self.pk)
                .values("status", "adopted_on", "adopted_by_body", *self.CONTENT_FIELDS)
                .first()
            )
            if stored and stored["status"] in FROZEN:
                changed = [
                    name
                    for name in ("adopted_on", "adopted_by_body", *self.CONTENT_FIELDS)
                    if getattr(self, name) != stored[name]
                ]
                allowed = (
                    {VersionStatus.ADOPTED, VersionStatus.SUPERSEDED}
                    if stored["status"] == VersionStatus.ADOPTED
                    else {VersionStatus.SUPERSEDED}
                )
                if changed or self.status not in allowed:
                    raise ValidationError(
                        _("An adopted version cannot be changed; create a new version."),
                        code="immutable",
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("strategy:version", kwargs={"pk": self.strategy_id, "number": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN

    @property
    def is_editable(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.CONSULTATION)


class VersionPart(models.Model):
    """A row belonging to a version (a goal, a planned service, a revenue line): frozen
    with its version, whatever path a write takes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)

    def _refuse_if_frozen(self) -> None:
        status = StrategyVersion.objects.filter(pk=self.version_id).values_list("status", flat=True)
        if status and status[0] in FROZEN:
            raise ValidationError(
                _("An adopted version cannot be changed; create a new version."), code="immutable"
            )


class Goal(VersionPart):
    """A goal of a version: a measurable objective with a horizon, tagged for matching and
    mapped to the region's RIS3 priorities."""

    version = models.ForeignKey(StrategyVersion, on_delete=models.CASCADE, related_name="goals")
    objective = models.CharField(_("objective"), max_length=300, validators=[no_control_characters])
    measurable_target = models.CharField(
        _("measurable target"),
        max_length=300,
        validators=[no_control_characters],
        help_text=_("What will show the goal is reached, e.g. 20 members exporting."),
    )
    horizon_year = models.PositiveSmallIntegerField(_("horizon (year)"), validators=YEAR_VALIDATORS)
    tags = models.CharField(
        _("themes"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. internationalisation, energy efficiency."),
    )
    ris3_priorities = models.ManyToManyField(
        Ris3Priority, blank=True, related_name="goals", verbose_name=_("RIS3 priorities")
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.objective

    def clean(self) -> None:
        self.tags = normalise_tags(self.tags)

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split(", ") if tag]


class ServiceKind(models.TextChoices):
    NEW = "new", _("New")
    IMPROVED = "improved", _("Improved")


class PlannedService(VersionPart):
    """A new or improved service the version plans: one of the cluster's own services in
    the catalogue (``service``) or a new one described in text."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="planned_services"
    )
    service = models.ForeignKey(
        "services.Service",
        on_delete=models.PROTECT,  # an adopted strategy keeps pointing at it
        null=True,
        blank=True,
        related_name="planned_in",
        verbose_name=_("service in the catalogue"),
    )
    name = models.CharField(_("service"), max_length=200, validators=[no_control_characters])
    category = models.CharField(
        _("category"),
        max_length=100,
        validators=[no_control_characters],
        help_text=_("e.g. internationalisation, training, matchmaking."),
    )
    kind = models.CharField(_("new or improved"), max_length=10, choices=ServiceKind.choices)
    fee_based = models.BooleanField(_("fee-based"), default=False)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.service_id is None or self.version_id is None:
            return  # (a form without its version offers the cluster's services only)
        cluster_id = (
            StrategyVersion.objects.filter(pk=self.version_id)
            .values_list("strategy__cluster_id", flat=True)
            .first()
        )
        if self.service.cluster_id != cluster_id:
            raise ValidationError({"service": _("Choose one of the cluster's own services.")})


class RevenuePlanLine(VersionPart):
    """Planned revenue of the cluster organisation by source and year."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="revenue_lines"
    )
    source = models.CharField(_("source"), max_length=120, validators=[no_control_characters])
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
    )

    class Meta:
        ordering = ["year", "source"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="revenue_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["version", "source", "year"],
                name="revenue_line_unique",
                violation_error_message=_("This source already has an amount for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}: {self.amount}"


class Indicator(models.Model):
    """One of the cluster's own KPIs, followed over time across the strategy's versions."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=200, validators=[no_control_characters])
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | (~Q(unit="") & Q(target_year__isnull=False)),
                name="indicator_target_has_unit_and_year",
                violation_error_message=_("A target needs a unit and a year."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.target is not None:
            errors = {}
            if not self.unit.strip():
                errors["unit"] = _("Give the unit of the target (e.g. members, EUR, %).")
            if self.target_year is None:
                errors["target_year"] = _("Give the year the target should be reached.")
            if errors:
                raise ValidationError(errors)


class IndicatorValue(models.Model):
    """An actual value of an indicator, measured on a date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="indicator_value_unique_date",
                violation_error_message=_("This indicator already has a value on this date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class ValueChainStage(models.Model):
    """A stage of the value chain of the cluster's sector: which members sit there, the
    gaps and opportunities found, and the goals that answer them."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="chain_stages")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("stage"), max_length=120, validators=[no_control_characters])
    members = models.ManyToManyField(
        Member, blank=True, related_name="+", verbose_name=_("members")
    )
    gaps = models.TextField(_("gaps"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    goal_themes = models.CharField(
        _("linked goal themes"),
        max_length=300,
        blank=True,
        help_text=_("Themes of the goals that answer this stage, comma-separated."),
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.goal_themes = normalise_tags(self.goal_themes)


class Consultation(models.Model):
    """A draft opened to the cluster's members (and policy makers) for feedback."""

    version = models.ForeignKey(
        StrategyVersion, on_delete=models.CASCADE, related_name="consultations"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("message to the respondents"), blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version"],
                condition=Q(closed_at__isnull=True),
                name="one_open_consultation_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.opened_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RespondentRole(models.TextChoices):
    MEMBER = "member", _("Member")
    POLICY_MAKER = "policy_maker", _("Policy maker")


class ConsultationLink(models.Model):
    """A personal link to answer a consultation without an account. Only the SHA-256 of
    the token is stored; the token itself is shown once, when the link is made."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="links")
    respondent_name = models.CharField(_("respondent"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=RespondentRole.choices)
    member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.respondent_name


class Handling(models.TextChoices):
    PENDING = "pending", _("Not handled yet")
    ACCEPTED = "accepted", _("Taken into account")
    PARTLY = "partly", _("Partly taken into account")
    DECLINED = "declined", _("Not taken into account")
    NOTED = "noted", _("Noted")


class Feedback(models.Model):
    """One point of feedback on a heading of the consulted version."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="feedback"
    )
    link = models.ForeignKey(
        ConsultationLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    heading = models.CharField(_("heading"), max_length=30, choices=HEADING_CHOICES)
    comment = models.TextField(_("comment"), validators=[no_control_characters])
    author = models.CharField(_("from"), max_length=200, blank=True)
    handling = models.CharField(
        _("how it was handled"), max_length=20, choices=Handling.choices, default=Handling.PENDING
    )
    handling_note = models.CharField(_("note on the handling"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_heading_display()}: {self.comment[:40]}"


class JointStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class JointStrategy(models.Model):
    """The consortium's joint strategy, found by matching the clusters' strategies."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="joint_strategy")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=JointStatus.choices, default=JointStatus.DRAFT
    )
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    goals_text = models.TextField(_("goals"), blank=True)
    services_text = models.TextField(_("services"), blank=True)
    financial_text = models.TextField(_("financial sustainability"), blank=True)
    indicators_text = models.TextField(_("indicators"), blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by_body = models.CharField(_("adopted by"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("joint strategies")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(adopted_on__isnull=False) & ~Q(adopted_by_body="")),
                name="joint_strategy_adoption_recorded",
                violation_error_message=_("An adopted joint strategy needs its date and body."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class JointGoal(models.Model):
    """A goal of the joint strategy, with the clusters that share it."""

    joint_strategy = models.ForeignKey(
        JointStrategy, on_delete=models.CASCADE, related_name="goals"
    )
    objective = models.CharField(_("objective"), max_length=300, validators=[no_control_characters])
    measurable_target = models.CharField(_("measurable target"), max_length=300, blank=True)
    horizon_year = models.PositiveSmallIntegerField(
        _("horizon (year)"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    tags = models.CharField(_("themes"), max_length=300, blank=True)
    clusters = models.ManyToManyField(Cluster, related_name="+", verbose_name=_("clusters"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.objective

    def clean(self) -> None:
        self.tags = normalise_tags(self.tags)
