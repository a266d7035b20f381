"""WP1/WP3: activities (joint trainings, study visits, workshops, ...), who took part on
which day, the core-module catalogue and the managers' self-assessed skills, mentoring,
and the secret calendar feed tokens.

Activities are joint: one cluster organises them, managers of every cluster attend.
Who sees and changes what is decided in ``trainings.selectors`` on top of
``tracekei.access`` (see the rule written there).
"""

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from clusters.models import Cluster, Project, no_control_characters

#: The catalogue the portal starts with (the initial migration holds a frozen copy).
CORE_MODULES = [
    ("cluster-strategy", "Cluster strategy"),
    ("value-chain-analysis", "Value-chain and industry analysis"),
    ("market-foresight", "Market foresight"),
    ("business-planning", "Business planning"),
    ("branding-communication", "Branding and communication"),
    ("internationalisation", "Internationalisation"),
    ("change-management", "Change management"),
    ("service-development", "Service development"),
    ("financial-sustainability", "Financial sustainability"),
    ("monitoring-evaluation", "Monitoring and evaluation"),
    ("funding-ris3", "Funding and smart specialisation (RIS3)"),
]


class CoreModule(models.Model):
    """A cluster-management training module (European Foundation for Cluster Excellence).
    Knowledge gaps are rated against these; the coordinator edits the catalogue."""

    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("core module")
        verbose_name_plural = _("core modules")

    def __str__(self) -> str:
        return self.name


class ActivityType(models.TextChoices):
    JOINT_TRAINING = "joint_training", _("Joint training")
    STUDY_VISIT = "study_visit", _("Study visit")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    MENTORING_SESSION = "mentoring_session", _("Mentoring session")
    TWINNING = "twinning", _("Twinning or staff exchange")
    NETWORKING_EVENT = "networking_event", _("Networking event")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    """One training, visit, workshop or event, over one or several days."""

    EDITABLE_FIELDS = (
        "activity_type",
        "title",
        "start_date",
        "end_date",
        "city",
        "country",
        "host_cluster",
        "host_organisation",
        "agenda",
        "status",
        "is_public",
    )

    organising_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("organising cluster"),
        on_delete=models.PROTECT,
        related_name="organised_activities",
    )
    activity_type = models.CharField(_("type"), max_length=30, choices=ActivityType.choices)
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    host_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("host cluster"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_activities",
        help_text=_("A cluster of the project that hosts it."),
    )
    host_organisation = models.CharField(
        _("host organisation"),
        max_length=200,
        blank=True,
        validators=[no_control_characters],
        help_text=_("Or an outside host, e.g. a gold-label cluster visited."),
    )
    modules = models.ManyToManyField(
        CoreModule, verbose_name=_("core modules covered"), blank=True, related_name="activities"
    )
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    is_public = models.BooleanField(
        _("show on the public site"), default=False, help_text=_("Title, dates and place only.")
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="activity_ends_on_or_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]
        indexes = [
            models.Index(fields=["activity_type", "status", "start_date"]),
            # the calendar's window: start_date < the window's end, end_date >= its start
            models.Index(fields=["start_date", "end_date"], name="activity_calendar_window"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trainings:detail", kwargs={"pk": self.pk})

    #: The longest activity: its days make the attendance grid and the calendar events.
    MAX_DAYS = 366

    def clean(self) -> None:
        errors = {}
        for name in ("start_date", "end_date"):
            day = getattr(self, name)
            if day is not None and not 2000 <= day.year <= 2100:
                errors[name] = _("Give a date between 2000 and 2100.")
        if (
            not errors
            and self.start_date
            and self.end_date
            and (self.end_date - self.start_date).days >= self.MAX_DAYS
        ):
            errors["end_date"] = _("An activity lasts at most %(days)d days.") % {
                "days": self.MAX_DAYS
            }
        if errors:
            raise ValidationError(errors)

    @property
    def days(self) -> list[dt.date]:
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + dt.timedelta(days=n) for n in range(max(count, 0))]

    @property
    def host_name(self) -> str:
        return self.host_organisation or (self.host_cluster.acronym if self.host_cluster else "")


class Participation(models.Model):
    """Someone registered for an activity: a portal user (a cluster manager) or an
    outside participant known by name. Attendance is recorded per day."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    name = models.CharField(
        _("name"), max_length=150, blank=True, validators=[no_control_characters]
    )
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True, validators=[no_control_characters]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(name=""))
                | (Q(user__isnull=True) & ~Q(name="")),
                name="participation_user_or_outside_name",
                violation_error_message=_(
                    "A participant is either a portal user or an outside person with a name."
                ),
            ),
            models.UniqueConstraint(
                fields=["activity", "user"],
                condition=Q(user__isnull=False),
                name="participation_user_once",
                violation_error_message=_("This person is already registered."),
            ),
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=Q(user__isnull=True) & ~Q(email=""),
                name="participation_outside_email_once",
                violation_error_message=_("Someone with this e-mail is already registered."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name() or self.user.email
        return self.name

    @property
    def is_outside(self) -> bool:
        return self.user_id is None


class Attendance(models.Model):
    """A participant was there on one day of the activity, for so many hours."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("day"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        default=8,
        validators=[MinValueValidator(0.5), MaxValueValidator(24)],
    )

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "day"],
                name="attendance_once_per_day",
                violation_error_message=_("Attendance on this day is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="attendance_hours_in_a_day",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participation} {self.day:%Y-%m-%d}"


def material_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the row, never trusted as a path.
    suffix = Path(filename).suffix.lower()[:10]
    return f"private/trainings/{instance.activity_id}/{secrets.token_hex(16)}{suffix}"


class Material(models.Model):
    """A file of an activity (slides, agenda). Stored under MEDIA_ROOT, never under a
    public URL: trainings.views.material_download checks access and streams it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    file = models.FileField(_("file"), upload_to=material_path, max_length=255)
    original_name = models.CharField(max_length=255, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class AssessmentRound(models.Model):
    """The coordinator opens a round; each manager rates themself 1-5 per core module.
    The baseline comes first, then one round after each training cycle."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        AFTER_TRAINING = "after", _("After a training cycle")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=150, validators=[no_control_characters])
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    opened_on = models.DateField(_("opened on"))
    is_open = models.BooleanField(_("open for answers"), default=True)
    notified_at = models.DateTimeField(_("managers e-mailed at"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="assessment_round_name_unique",
                violation_error_message=_("A round with this name exists already."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("trainings:assess", kwargs={"pk": self.pk})


class SkillRating(models.Model):
    """A manager's own rating of their knowledge of one core module in one round."""

    LEVELS = range(1, 6)

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skill_ratings"
    )
    module = models.ForeignKey(CoreModule, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "module"],
                name="skill_rating_once",
                violation_error_message=_("This module is already rated in this round."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=5),
                name="skill_rating_1_to_5",
                violation_error_message=_("A rating is a whole number from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.module}: {self.level}"


class MentoringPair(models.Model):
    """Rookies meet experts: a mentor and a mentee, usually from different clusters."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_as_mentor"
    )
    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_as_mentee"
    )
    goals = models.TextField(_("goals"), blank=True)
    started_on = models.DateField(_("started on"))

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("mentee")),
                name="mentoring_two_people",
                violation_error_message=_("Mentor and mentee must be two different people."),
            ),
            models.UniqueConstraint(
                fields=["project", "mentor", "mentee"],
                name="mentoring_pair_once",
                violation_error_message=_("This pair exists already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class MentoringSession(models.Model):
    pair = models.ForeignKey(MentoringPair, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(
        _("hours"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="mentoring_session_hours_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.held_on:%Y-%m-%d}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret address for their activity calendar. Calendar programs fetch it
    without a session, so the token is the only key: random, and replaced on request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
