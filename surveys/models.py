"""WP1 surveys: questionnaires (versioned, multilingual), campaigns sent by a cluster
as personal e-mailed links, the invitations and e-mails behind them, and the answers.

Texts a respondent reads (titles, questions, help, choice labels, scale ends) are
stored with the questionnaire as ``{"en": "...", "it": "...", ...}`` dictionaries
(``Text`` below); English is required and is the fallback for a missing language.
The page chrome around them is translated by Django's i18n as everywhere else.

Who answered what is kept apart from whom was asked: an ``Invitation`` is one
recipient of a campaign (the only place the personal link's token hash lives), a
``Response`` is what that recipient answered (at most one per invitation), and an
``Answer`` is one question's value in it (one row per question, and per service for
a per-service matrix). Results read ``Answer`` rows of submitted responses only.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Member, Project, no_control_characters

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
FALLBACK_LANGUAGE = "en"


def localized(text: dict | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else in English.

    ``pt-br``-style codes fall back to their base language before English."""
    if not text:
        return ""
    language = (language or get_language() or FALLBACK_LANGUAGE).lower()
    for code in (language, language.split("-")[0], FALLBACK_LANGUAGE):
        value = text.get(code)
        if value:
            return value
    return ""


def missing_languages(text: dict | None) -> list[str]:
    """The portal's languages this text has no translation for (shown in the editor)."""
    text = text or {}
    return [code for code in LANGUAGE_CODES if not (text.get(code) or "").strip()]


def validate_text(value) -> None:
    """A stored text: a dict of known language codes to strings, English present."""
    if not isinstance(value, dict):
        raise ValidationError(_("Enter the text as a set of translations."), code="invalid")
    unknown = sorted(set(value) - set(LANGUAGE_CODES))
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s."),
            code="unknown_language",
            params={"codes": ", ".join(unknown)},
        )
    for text in value.values():
        if not isinstance(text, str):
            raise ValidationError(_("Each translation must be text."), code="invalid")
        no_control_characters(text)
    if not (value.get(FALLBACK_LANGUAGE) or "").strip():
        raise ValidationError(_("The English text is required."), code="english_required")


def validate_optional_text(value) -> None:
    if value:
        validate_text(value)


def Text(verbose_name, *, required: bool = True, **kwargs) -> models.JSONField:
    """A translated text, ``{"en": ..., "it": ...}``; English required unless optional."""
    return models.JSONField(
        verbose_name,
        default=dict,
        blank=not required,
        validators=[validate_text if required else validate_optional_text],
        **kwargs,
    )


class Purpose(models.TextChoices):
    SME_SATISFACTION = "sme_satisfaction", _("SME satisfaction")
    TRAINING_FEEDBACK = "training_feedback", _("Training feedback")
    CONSULTATION = "consultation", _("Strategy consultation")
    OTHER = "other", _("Other")


class Questionnaire(models.Model):
    """One version of a questionnaire. Versions of the same questionnaire share its
    ``key``; once a campaign has answers the version is frozen and an edit makes the
    next version (``surveys.services``), so answers never change meaning under them.

    ``cluster`` empty: a consortium questionnaire, edited by the coordinator and usable
    by every cluster; otherwise the cluster's own, edited by its managers."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="questionnaires")
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaires",
        help_text=_("Empty: a consortium questionnaire every cluster may use."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        help_text=_("Shared by every version of this questionnaire."),
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.SME_SATISFACTION
    )
    title = Text(_("title"))
    introduction = Text(_("introduction"), required=False)
    all_services = models.BooleanField(
        _("per-service questions list all the cluster's services"),
        default=False,
        help_text=_(
            "Otherwise a per-service question lists only the services the member "
            "received (from the delivery records)."
        ),
    )
    is_current = models.BooleanField(
        _("current version"), default=True, help_text=_("The version new campaigns use.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "key", "version"],
                name="questionnaire_version_unique",
                violation_error_message=_("This version of the questionnaire already exists."),
            ),
            models.UniqueConstraint(
                fields=["project", "key"],
                condition=Q(is_current=True),
                name="questionnaire_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{localized(self.title)} (v{self.version})"


class Section(models.Model):
    """A page of the questionnaire: respondents answer one section per page."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = Text(_("title"))
    introduction = Text(_("introduction"), required=False)

    class Meta:
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return localized(self.title)


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating 1-5")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    YES_NO = "yes_no", _("Yes / no")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SERVICE_MATRIX = "service_matrix", _("Rating per service")


# Kinds whose answer is ``Answer.number`` (a rating 1-5, a number) and the others.
NUMBER_KINDS = (QuestionKind.RATING, QuestionKind.NUMBER, QuestionKind.SERVICE_MATRIX)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


class Question(models.Model):
    """A question; ``code`` names it in exports, show-if rules and the API.

    Show-if: the question is shown (and may be required) only when the answer to
    ``show_if`` equals ``show_if_value`` ("yes"/"no" for a yes/no question, a choice
    code for a choice question; for a multiple choice: that choice is among those
    ticked). The rule may only point to an earlier question."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    text = Text(_("question"))
    help_text = Text(_("help text"), required=False)
    required = models.BooleanField(_("required"), default=True)
    # Rating and per-service questions: the words at both ends of the 1-5 scale.
    low_label = Text(_("label of 1"), required=False)
    high_label = Text(_("label of 5"), required=False)
    # Number questions: the accepted range.
    min_value = models.DecimalField(
        _("smallest accepted number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest accepted number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    show_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
        verbose_name=_("show only if the answer to"),
    )
    show_if_value = models.CharField(_("is"), max_length=60, blank=True)

    class Meta:
        ordering = ["questionnaire", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"],
                name="question_code_unique",
                violation_error_message=_("Another question of this questionnaire has this code."),
            ),
            models.CheckConstraint(
                condition=Q(show_if__isnull=True) | ~Q(show_if_value=""),
                name="question_show_if_has_value",
                violation_error_message=_("Say which answer shows this question."),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="question_number_range",
                violation_error_message=_("The smallest number is larger than the largest."),
            ),
        ]

    def __str__(self) -> str:
        return localized(self.text)

    @property
    def max_length(self) -> int | None:
        if self.kind == QuestionKind.SHORT_TEXT:
            return SHORT_TEXT_MAX
        if self.kind == QuestionKind.LONG_TEXT:
            return LONG_TEXT_MAX
        return None


class Choice(models.Model):
    """An offered answer of a single or multiple choice question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    label = Text(_("label"))

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="choice_code_unique",
                violation_error_message=_("Another choice of this question has this code."),
            )
        ]

    def __str__(self) -> str:
        return localized(self.label)


class Campaign(models.Model):
    """A questionnaire sent by a cluster to chosen recipients between two dates.

    A campaign is a draft until launched (``launched_at``): launching creates one
    ``Invitation`` per recipient and queues the e-mails. It closes on ``closes_on``
    (end of that day) or when a manager closes it early (``closed_at``); a closed
    campaign's links no longer open anything."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="campaigns")
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=200, validators=[no_control_characters])
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Results and exports never name who answered, and no breakdown is shown "
            "for groups of fewer than 5 responses."
        ),
    )
    # The invitation e-mail, per language (``Text``); placeholders in ``surveys.mail``.
    invitation_subject = Text(_("invitation subject"), required=False)
    invitation_body = Text(_("invitation text"), required=False)
    reminder_after_days = models.JSONField(
        _("reminders after (days)"),
        default=list,
        blank=True,
        help_text=_("Days after the invitation, e.g. 7, 14."),
    )
    max_reminders = models.PositiveSmallIntegerField(
        _("at most this many reminders"), default=2, validators=[MaxValueValidator(10)]
    )
    # Training feedback: the held activity whose attendees are asked.
    activity = models.ForeignKey(
        "trainings.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_campaigns",
    )
    recipient_filter = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The filter used at launch."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(_("launched at"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message=_("The campaign must close on or after its opening day."),
            ),
            models.UniqueConstraint(
                fields=["activity"],
                condition=Q(activity__isnull=False),
                name="campaign_one_per_activity",
                violation_error_message=_("This activity already has a feedback campaign."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Launched, past its opening day, not closed early, not past its closing day."""
        today = timezone.localdate()
        return (
            self.launched_at is not None
            and self.closed_at is None
            and self.opens_on <= today <= self.closes_on
        )


class InvitationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    OPENED = "opened", _("Opened")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    OPTED_OUT = "opted_out", _("Opted out")


class Invitation(models.Model):
    """One recipient of a campaign and their personal link.

    Only the SHA-256 of the link's token is stored (the token is at least 128 bits from
    ``secrets`` and exists only in the e-mails). ``member`` is empty for recipients who
    are not members (attendees asked for training feedback)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=FALLBACK_LANGUAGE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # S2: the random half of the link's token; the token is HMAC(SECRET_KEY, salt), so
    # the sending task can write the link into each e-mail without the token ever being
    # stored (``surveys.mail.link_token``). Empty for invitations made otherwise.
    token_salt = models.CharField(max_length=43, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvitationStatus.choices,
        default=InvitationStatus.QUEUED,
        db_index=True,
    )
    failure_reason = models.CharField(_("reason of the failure"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=Q(member__isnull=False),
                name="invitation_member_once_per_campaign",
                violation_error_message=_("This member is already invited to this campaign."),
            ),
            models.UniqueConstraint(
                fields=["campaign", "email"],
                name="invitation_email_once_per_campaign",
                violation_error_message=_("This address is already invited to this campaign."),
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="invitation_campaign_status")]

    def __str__(self) -> str:
        return self.name or self.email


class MailKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")
    RESEND = "resend", _("Sent again")


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Mail(models.Model):
    """One e-mail to send to an invitation's recipient, written before it is sent.

    The row is the idempotency key: (invitation, kind, number) is unique, the sending
    task claims the row with a lock and sends only a ``queued`` row, so a task run twice
    (a retry, a redelivered message) never sends the same e-mail twice."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=12, choices=MailKind.choices)
    number = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the invitation; the reminder's or resend's number."
    )
    status = models.CharField(
        max_length=8, choices=MailStatus.choices, default=MailStatus.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "kind", "number"], name="mail_once_per_kind_and_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.number} to invitation {self.invitation_id}"


class SuppressionReason(models.TextChoices):
    OPTED_OUT = "opted_out", _("Opted out")
    BOUNCED = "bounced", _("Bounced")
    COMPLAINT = "complaint", _("Complaint")


class Suppression(models.Model):
    """An address no campaign of the project e-mails again (stored in lower case)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail"))
    reason = models.CharField(_("reason"), max_length=12, choices=SuppressionReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    campaign = models.ForeignKey(
        Campaign, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"],
                name="suppression_unique_address",
                violation_error_message=_("This address is already on the suppression list."),
            )
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Response(models.Model):
    """What one invitation's recipient answered; at most one per invitation.

    ``submitted_at`` empty: in progress (saved page by page). After the submit the
    respondent may still change the answers until the campaign closes; ``submitted_at``
    keeps the first submit, ``updated_at`` the last change. ``campaign`` and ``cluster``
    repeat the invitation's so results aggregate without joins through invitations."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=FALLBACK_LANGUAGE
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_text = models.TextField(
        _("wording of the consent"),
        blank=True,
        help_text=_("The privacy notice's wording the respondent agreed to, as shown."),
    )
    last_section = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["campaign", "submitted_at"], name="response_campaign_submitted")
        ]

    def __str__(self) -> str:
        return f"response to {self.campaign_id} #{self.pk}"


class Answer(models.Model):
    """One question's answer in a response (per service for a per-service matrix).

    The value sits in the column of its kind: ``number`` (rating 1-5, number, each
    matrix row), ``boolean`` (yes/no), ``text`` (short and long text), ``choices``
    (single and multiple choice: the ticked ``Choice`` rows)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    service = models.ForeignKey(
        "services.Service", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True, validators=[no_control_characters])
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(service__isnull=True),
                name="answer_once_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "service"],
                condition=Q(service__isnull=False),
                name="answer_once_per_question_and_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} in {self.response_id}"
