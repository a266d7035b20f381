"""WP4: dissemination activities and the countries they reached, the policy dialogue
log, the collaboration market place (offers, needs, collaborations) and success stories.

What the public site shows is decided here once: ``public()`` on each queryset (flagged
public by the cluster and approved by the coordinator)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from clusters.models import Cluster, Member, Sector, no_control_characters

from .uploads import evidence_path, picture_path, validate_evidence, validate_picture


class ActivityType(models.TextChoices):
    EVENT_ORGANISED = "event_organised", _("Event organised")
    EVENT_TALK = "event_talk", _("Event attended with a talk")
    NEWS_ARTICLE = "news_article", _("News article")
    NEWSLETTER = "newsletter", _("Newsletter")
    PRESS_RELEASE = "press_release", _("Press release")
    SOCIAL_MEDIA = "social_media", _("Social media post")
    WEBSITE = "website", _("Website publication")
    VIDEO = "video", _("Video")
    PUBLICATION = "publication", _("Publication")


#: On the public site, these are "events"; every other type is "news".
EVENT_TYPES = (ActivityType.EVENT_ORGANISED, ActivityType.EVENT_TALK)


class AudienceType(models.TextChoices):
    SMES = "smes", _("SMEs")
    CLUSTERS = "clusters", _("Clusters")
    POLICY_MAKERS = "policy_makers", _("Policy makers")
    RESEARCHERS = "researchers", _("Researchers")
    GENERAL_PUBLIC = "general_public", _("General public")


#: Languages an activity may be in besides the portal's own (the consortium writes in
#: English and its seven languages; some reach further).
EXTRA_LANGUAGES = {"fr": _("French"), "es": _("Spanish"), "el": _("Greek"), "hr": _("Croatian")}


def language_choices() -> list[tuple[str, str]]:
    return [*settings.LANGUAGES, *EXTRA_LANGUAGES.items()]


class PublicQuerySet(models.QuerySet):
    def public(self):
        """What the public site may show: flagged public and approved by the coordinator."""
        return self.filter(is_public=True, approved_at__isnull=False)


class DisseminationActivity(models.Model):
    """One dissemination act: an event, an article, a post. Several clusters may share it."""

    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters responsible"), related_name="dissemination_activities"
    )
    activity_type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255, validators=[no_control_characters])
    summary = models.TextField(_("summary"), blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    audience_size = models.IntegerField(
        _("audience size"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("People reached, as far as known."),
    )
    audience_types = models.JSONField(_("audience types"), default=list, blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to=evidence_path,
        blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, image or office document up to 5 MB. Only the portal's users see it."),
    )
    is_public = models.BooleanField(_("show on the public site"), default=False)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("dissemination activity")
        verbose_name_plural = _("dissemination activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience_size__isnull=True) | Q(audience_size__gte=0),
                name="activity_audience_not_negative",
                violation_error_message=_("The audience size cannot be below zero."),
            )
        ]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["is_public", "date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_event(self) -> bool:
        return self.activity_type in EVENT_TYPES

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        languages = {code for code, _name in settings.LANGUAGES} | set(EXTRA_LANGUAGES)
        if not isinstance(self.languages, list) or not set(self.languages) <= languages:
            errors["languages"] = _("Choose languages from the list.")
        if not isinstance(self.audience_types, list) or not set(self.audience_types) <= set(
            AudienceType.values
        ):
            errors["audience_types"] = _("Choose audience types from the list.")
        if errors:
            raise ValidationError(errors)

    def audience_type_labels(self) -> list[str]:
        labels = dict(AudienceType.choices)
        return [str(labels.get(code, code)) for code in self.audience_types]

    def language_labels(self) -> list[str]:
        names = dict(language_choices())
        return [str(names.get(code, code)) for code in self.languages]


class ActivityCountry(models.Model):
    """A country an activity reached: one row each, so "distinct countries reached" is a
    single SQL aggregate."""

    activity = models.ForeignKey(
        DisseminationActivity, on_delete=models.CASCADE, related_name="countries_reached"
    )
    country = CountryField(_("country"))

    class Meta:
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "country"], name="activity_country_once")
        ]
        indexes = [models.Index(fields=["country"])]

    def __str__(self) -> str:
        return str(self.country.name)


class PolicyLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    EU = "eu", _("EU")


class PolicyDialogue(models.Model):
    """A meeting or consultation with policy makers."""

    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.PROTECT,
        related_name="policy_dialogues",
    )
    date = models.DateField(_("date"))
    authority = models.CharField(_("authority"), max_length=255, validators=[no_control_characters])
    level = models.CharField(_("level"), max_length=10, choices=PolicyLevel.choices)
    topics = models.CharField(_("topics"), max_length=500, validators=[no_control_characters])
    ris3_link = models.CharField(
        _("link to the RIS3"),
        max_length=500,
        blank=True,
        help_text=_("The smart specialisation priority the meeting served."),
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("policy dialogue")
        verbose_name_plural = _("policy dialogues")

    def __str__(self) -> str:
        return f"{self.authority} ({self.date:%Y-%m-%d})"


class FollowUp(models.Model):
    dialogue = models.ForeignKey(
        PolicyDialogue, on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.CharField(_("action"), max_length=500, validators=[no_control_characters])
    owner = models.CharField(_("owner"), max_length=150, validators=[no_control_characters])
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action

    def is_overdue(self, day: dt.date | None = None) -> bool:
        return self.done_on is None and self.due_on < (day or timezone.localdate())


def overdue_q(prefix: str = "", day: dt.date | None = None) -> Q:
    day = day or timezone.localdate()
    return Q(**{f"{prefix}done_on__isnull": True, f"{prefix}due_on__lt": day})


class Direction(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class CollaborationKind(models.TextChoices):
    SERVICE_EXPERTISE = "service_expertise", _("Service expertise")
    PARTNER_SEARCH = "partner_search", _("Project partner search")
    STAFF_EXCHANGE = "staff_exchange", _("Staff-exchange host")
    TECHNOLOGY = "technology", _("Technology")
    MARKET_ACCESS = "market_access", _("Market access")


class CollaborationPost(models.Model):
    """An offer or a need posted by a cluster (for itself or for one of its members)."""

    #: What a manager edits (the page, the API).
    EDITABLE_FIELDS = (
        "member",
        "kind",
        "title",
        "topic",
        "sector",
        "description",
        "exchange_days",
        "is_open",
    )

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="posts"
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the cluster itself offers or needs this."),
    )
    direction = models.CharField(_("offer or need"), max_length=5, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=CollaborationKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    topic = models.CharField(
        _("topic"),
        max_length=300,
        validators=[no_control_characters],
        help_text=_("A few key words, e.g. cold chain logistics, food packaging."),
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    exchange_days = models.PositiveSmallIntegerField(
        _("length of the staff exchange (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("Staff exchanges only: a few days to two weeks."),
    )
    is_open = models.BooleanField(_("open"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(exchange_days__isnull=True)
                | Q(exchange_days__gte=1, exchange_days__lte=14),
                name="post_exchange_days_range",
                violation_error_message=_("A staff exchange lasts from 1 to 14 days."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.member_id and self.cluster_id and self.member.cluster_id != self.cluster_id:
            errors["member"] = _("Choose a member of this cluster.")
        if self.kind == CollaborationKind.STAFF_EXCHANGE and self.direction == Direction.OFFER:
            if not self.exchange_days:
                errors["exchange_days"] = _("Say how many days the host receives a visitor.")
        elif self.exchange_days:
            errors["exchange_days"] = _("Only a staff-exchange host sets a length.")
        if errors:
            raise ValidationError(errors)


class CollaborationStatus(models.TextChoices):
    INTERESTED = "interested", _("Interest expressed")
    DECLINED = "declined", _("Declined")
    ACTIVE = "active", _("Collaboration under way")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


#: Statuses after the owner accepted: these are collaborations.
FORMED_STATUSES = (
    CollaborationStatus.ACTIVE,
    CollaborationStatus.COMPLETED,
    CollaborationStatus.STOPPED,
)


class Collaboration(models.Model):
    """Interest a cluster expressed in another cluster's offer or need; once the owner
    accepts, it is a collaboration with a status and an outcome."""

    post = models.ForeignKey(
        CollaborationPost, on_delete=models.PROTECT, related_name="collaborations"
    )
    # The post's cluster, kept here so the database refuses interest in one's own post.
    owner_cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="collaborations_owned", editable=False
    )
    interested_cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("interested cluster"),
        on_delete=models.PROTECT,
        related_name="collaborations_joined",
    )
    interested_post = models.ForeignKey(
        CollaborationPost,
        verbose_name=_("their matching post"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CollaborationStatus.choices,
        default=CollaborationStatus.INTERESTED,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    expressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expressed_at = models.DateTimeField(default=timezone.now)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-expressed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_cluster=F("interested_cluster")),
                name="collaboration_between_two_clusters",
                violation_error_message=_("A cluster cannot express interest in its own post."),
            ),
            models.UniqueConstraint(
                fields=["post", "interested_cluster"],
                name="collaboration_interest_once",
                violation_error_message=_("This cluster already expressed interest in this post."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["interested", "declined"]) | Q(accepted_on__isnull=False),
                name="collaboration_accepted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interested_cluster} → {self.post}"

    @property
    def is_formed(self) -> bool:
        return self.status in FORMED_STATUSES


class SuccessStory(models.Model):
    """A success story for monitoring and the public site (published once approved)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("lead cluster"), on_delete=models.PROTECT, related_name="stories"
    )
    other_clusters = models.ManyToManyField(
        Cluster, verbose_name=_("other clusters involved"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        Member, verbose_name=_("members involved"), blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    challenge = models.TextField(_("challenge"))
    action = models.TextField(_("action"))
    result = models.TextField(_("result"))
    indicator = models.CharField(
        _("indicator affected"),
        max_length=200,
        blank=True,
        help_text=_("e.g. SMEs benefitting, new fee-based services."),
    )
    quote = models.TextField(_("quote"), blank=True)
    quote_by = models.CharField(_("quote by"), max_length=200, blank=True)
    picture = models.ImageField(
        _("picture"),
        upload_to=picture_path,
        blank=True,
        validators=[validate_picture],
        help_text=_("JPEG or PNG up to 2 MB. Shown on the public site once published."),
    )
    picture_alt = models.CharField(_("picture description"), max_length=200, blank=True)
    is_public = models.BooleanField(_("publish on the public site"), default=False)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")

    def __str__(self) -> str:
        return self.title
