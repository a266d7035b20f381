"""The consortium: its project, the cluster organisations, their ESCA labels and members,
and who may see and change which cluster (role assignments)."""

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(value: str) -> None:
    """Invisible characters pasted from other programs break exports and e-mails."""
    if _CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(
            _("Remove the invisible control characters (often pasted from another program)."),
            code="control_characters",
        )


class Project(models.Model):
    """The consortium's EU project. Its targets arrive with the KPI engine."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    programme = models.CharField(_("programme"), max_length=255, blank=True)
    call = models.CharField(_("call"), max_length=255, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    coordinator_cluster = models.ForeignKey(
        "Cluster",
        verbose_name=_("coordinator cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["start_date", "acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="project_ends_after_it_starts",
                violation_error_message=_("The project must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.acronym


class Sector(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    """A cluster organisation of the consortium (the cluster management organisation)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="clusters"
    )
    acronym = models.CharField(_("acronym"), max_length=40)
    slug = models.SlugField(unique=True)
    legal_name = models.CharField(_("legal name"), max_length=255)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    website = models.URLField(_("website"), blank=True)
    website_in_english = models.BooleanField(_("website available in English"), default=False)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    staff_count = models.PositiveSmallIntegerField(_("staff (people)"), default=0)
    management_staff_fte = models.DecimalField(
        _("cluster management staff (full-time equivalent)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "acronym"],
                name="cluster_acronym_unique_in_project",
                violation_error_message=_("This project already has a cluster with this acronym."),
            )
        ]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("clusters:detail", kwargs={"slug": self.slug})

    @property
    def is_coordinator(self) -> bool:
        return self.project.coordinator_cluster_id == self.pk


def plausible_label_date(value: dt.date) -> None:
    """ESCA labels exist since 2009; anything far outside that is a typing mistake."""
    if not 2000 <= value.year <= 2100:
        raise ValidationError(_("Give a date between 2000 and 2100."), code="implausible_date")


class LabelLevel(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


class LabelAward(models.Model):
    """One ESCA Cluster Management Excellence label awarded to a cluster.

    The history is kept; the cluster's current label is derived from it
    (clusters.selectors.current_label), never stored.
    """

    #: How long a label is valid when the award does not say otherwise.
    DEFAULT_VALIDITY_YEARS = 2

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.CASCADE, related_name="labels"
    )
    level = models.CharField(_("level"), max_length=10, choices=LabelLevel.choices)
    awarded_on = models.DateField(_("awarded on"), validators=[plausible_label_date])
    valid_until = models.DateField(_("valid until"), validators=[plausible_label_date])
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("awarded_on")),
                name="label_valid_after_award",
                violation_error_message=_("A label must be valid until a date after its award."),
            ),
            models.UniqueConstraint(
                fields=["cluster", "level", "awarded_on"],
                name="label_award_unique",
                violation_error_message=_("This label award is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.awarded_on:%Y-%m-%d})"

    @classmethod
    def default_valid_until(cls, awarded_on: dt.date) -> dt.date:
        """Two years after the award (28 February for a label awarded on 29 February)."""
        day = 28 if (awarded_on.month, awarded_on.day) == (2, 29) else awarded_on.day
        return awarded_on.replace(year=awarded_on.year + cls.DEFAULT_VALIDITY_YEARS, day=day)

    def is_valid_on(self, day: dt.date) -> bool:
        """A label is valid through its "valid until" day, included."""
        return self.awarded_on <= day <= self.valid_until

    def state_on(self, day: dt.date) -> str:
        if day < self.awarded_on:
            return "upcoming"
        return "valid" if day <= self.valid_until else "expired"

    def expires_soon(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        warning = dt.timedelta(days=settings.LABEL_EXPIRY_WARNING_DAYS)
        return self.is_valid_on(day) and self.valid_until - day <= warning


class MemberType(models.TextChoices):
    SME = "sme", _("SME")
    LARGE_COMPANY = "large_company", _("Large company")
    RESEARCH = "research", _("Research organisation")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


#: Member types and the triple-helix strand they belong to (EU cluster platform criteria).
TRIPLE_HELIX = {
    MemberType.SME: "industry",
    MemberType.LARGE_COMPANY: "industry",
    MemberType.RESEARCH: "research",
    MemberType.UNIVERSITY: "research",
    MemberType.PUBLIC_BODY: "government",
}


class SizeClass(models.TextChoices):
    """EU SME definition (Recommendation 2003/361/EC), by headcount and turnover."""

    MICRO = "micro", _("Micro (< 10 staff)")
    SMALL = "small", _("Small (< 50 staff)")
    MEDIUM = "medium", _("Medium (< 250 staff)")
    LARGE = "large", _("Large (250+ staff)")


class Member(models.Model):
    """A member organisation (associate) of one cluster.

    Each cluster keeps its own row for an organisation (its own contact person,
    consent and dates), so no cluster ever reads or edits another's. The same
    company in two clusters shares one ``organisation_key`` (its VAT number, or
    its name and country), which is what "distinct SMEs" counts.
    """

    #: What a manager edits (the page, the API and the import); sectors come separately.
    EDITABLE_FIELDS = (
        "name",
        "member_type",
        "size_class",
        "country",
        "vat_number",
        "contact_name",
        "contact_email",
        "preferred_language",
        "survey_consent",
        "survey_consent_on",
        "joined_on",
        "left_on",
    )

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="members"
    )
    name = models.CharField(_("name"), max_length=255, validators=[no_control_characters])
    member_type = models.CharField(_("type"), max_length=20, choices=MemberType.choices)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=SizeClass.choices, blank=True
    )
    country = CountryField(_("country"))
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True)
    vat_number = models.CharField(
        _("VAT or registration number"),
        max_length=40,
        blank=True,
        validators=[no_control_characters],
        help_text=_("Used to recognise the same company in several clusters."),
    )
    contact_name = models.CharField(
        _("contact person"), max_length=150, blank=True, validators=[no_control_characters]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    survey_consent = models.BooleanField(_("agrees to be contacted for surveys"), default=False)
    survey_consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    organisation_key = models.CharField(max_length=300, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation_key"],
                name="member_unique_in_cluster",
                violation_error_message=_(
                    "This organisation is already a member of this cluster "
                    "(same VAT number, or same name and country)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="member_leaves_after_joining",
                violation_error_message=_("A member cannot leave before it joined."),
            ),
            models.CheckConstraint(
                condition=Q(survey_consent=False) | Q(survey_consent_on__isnull=False),
                name="member_consent_has_date",
                violation_error_message=_("Give the date the consent to surveys was given."),
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "name"]),
            models.Index(fields=["member_type"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:member_detail", kwargs={"pk": self.pk})

    @staticmethod
    def make_organisation_key(*, name: str, country: str, vat_number: str) -> str:
        """The identity of the organisation across clusters: VAT number if known, else name."""
        vat = "".join(ch for ch in vat_number.upper() if ch.isalnum())
        if vat:
            return f"vat:{vat}"
        words = "".join(ch if ch.isalnum() else " " for ch in name.casefold()).split()
        return f"name:{str(country).upper()}:{' '.join(words)}"

    def clean(self) -> None:
        self.organisation_key = self.make_organisation_key(
            name=self.name, country=str(self.country or ""), vat_number=self.vat_number
        )


def active_members_q(prefix: str = "", day: dt.date | None = None) -> Q:
    """Members who have not left by ``day`` (today): a leaving date in the future still
    counts as a member. ``prefix`` reaches members from another model ("members__")."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})


class ClusterRole(models.TextChoices):
    MANAGER = "manager", _("Cluster manager")
    VIEWER = "viewer", _("Viewer")


class RoleAssignment(models.Model):
    """Roles as data. A coordinator is assigned to a project and sees all its clusters;
    a manager or viewer is assigned to one cluster. Admins are superusers."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MANAGER = ClusterRole.MANAGER.value, ClusterRole.MANAGER.label
        VIEWER = ClusterRole.VIEWER.value, ClusterRole.VIEWER.label

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="coordinator", project__isnull=False, cluster__isnull=True)
                    | Q(role__in=["manager", "viewer"], project__isnull=True, cluster__isnull=False)
                ),
                name="role_assignment_scope",
                violation_error_message=_(
                    "A coordinator is assigned to a project; a manager or viewer to a cluster."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "project"],
                condition=Q(project__isnull=False),
                name="role_assignment_unique_project",
            ),
            models.UniqueConstraint(
                fields=["user", "cluster"],
                condition=Q(cluster__isnull=False),
                name="role_assignment_unique_cluster",
                violation_error_message=_("This person already has a role in this cluster."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.project or self.cluster}"


class Invitation(models.Model):
    """A coordinator invited someone to a cluster; accepting sets their password."""

    email = models.EmailField(_("e-mail address"))
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(
        _("role"), max_length=20, choices=ClusterRole.choices, default=ClusterRole.MANAGER
    )
    language = models.CharField(
        _("language of the e-mail"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.cluster}"


class MemberImport(models.Model):
    """An uploaded member file between its preview and its all-or-nothing commit."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Applied")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="member_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
