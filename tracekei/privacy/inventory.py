"""Where the portal holds personal data of a member's contact person: the one table.

The subject access export collects from it, the erasure anonymises by it, and
docs/security.md repeats it for readers. A new model that stores a contact's name,
address or words gets a row here (and its handling in ``services``), or it escapes both.

``found_by`` says how the rows of one person are reached from the member:
- ``member``: the member row itself;
- ``member_fk``: rows pointing at the member;
- ``email``: rows without a member link, matched on the lowered address, in the
  member's project.

``on_erase`` is what erasure does to the fields: ``anonymise`` (name replaced by
"Erased contact #<member id>", address by a non-deliverable placeholder or blanked),
``blank`` (free text emptied), ``scrub`` (free text kept, the name and address cut out
of it), ``hash`` (the address replaced by its SHA-256), ``keep`` (no personal data once
the links above are anonymised: the rows that the KPIs count).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ON_ERASE = {
    "anonymise": _("anonymised"),
    "blank": _("emptied"),
    "scrub": _("kept without the name and address"),
    "hash": _("replaced by its fingerprint"),
    "keep": _("kept"),
}


@dataclass(frozen=True)
class Holding:
    model: str  # app_label.ModelName
    fields: tuple[str, ...]
    found_by: str
    on_erase: str
    why: str | Promise

    @property
    def on_erase_label(self):
        return ON_ERASE[self.on_erase]


INVENTORY: tuple[Holding, ...] = (
    Holding(
        "clusters.Member",
        ("contact_name", "contact_email", "survey_consent", "survey_consent_on"),
        "member",
        "anonymise",
        _(
            "The contact of the member; the member row (an organisation) stays: it is counted "
            "in 'SMEs benefitting'. The consent is withdrawn (no address is left to contact)."
        ),
    ),
    Holding(
        "privacy.ContactConsent",
        ("given_on", "wording", "source"),
        "member_fk",
        "keep",
        _("When and to what wording the contact agreed to surveys: no name or address."),
    ),
    Holding(
        "clusters.MemberImport",
        ("rows",),
        "member",
        "scrub",
        _(
            "Uploaded member files are kept as rows (the file itself is not stored): the "
            "contact's name and address are cut out of every row that holds them."
        ),
    ),
    Holding(
        "services.ServiceDelivery",
        ("outcome",),
        "member_fk",
        "scrub",
        _("Deliveries received stay (KPIs); the outcome note is kept without the name."),
    ),
    Holding(
        "surveys.Invitation",
        ("name", "email", "failure_reason"),
        "member_fk",
        "anonymise",
        _(
            "Survey invitations of the member, and those sent to the address without a "
            "member (training feedback). The row stays: response rates count it."
        ),
    ),
    Holding(
        "surveys.Mail",
        ("last_error",),
        "member_fk",
        "blank",
        _("Sending errors may quote the address."),
    ),
    Holding(
        "surveys.Response",
        ("consent_at", "consent_text", "submitted_at"),
        "member_fk",
        "keep",
        _(
            "The consent given when answering (time and wording as shown): no personal data "
            "once the invitation is anonymised; the response stays in the results."
        ),
    ),
    Holding(
        "surveys.Answer",
        ("text",),
        "member_fk",
        "blank",
        _(
            "Open answers in named campaigns are blanked; in anonymous ones they are kept "
            "with the name cut out. Ratings, numbers and choices stay (the means)."
        ),
    ),
    Holding(
        "surveys.Suppression",
        ("email",),
        "email",
        "hash",
        _(
            "The suppression list needs the address to suppress it: the plain address is "
            "replaced by the SHA-256 of its lowered form, which still suppresses."
        ),
    ),
    Holding(
        "trainings.Participation",
        ("name", "email"),
        "email",
        "anonymise",
        _(
            "Outside participants registered with the contact's address; the row stays "
            "(attendance figures), the organisation (a company, not a person) too."
        ),
    ),
    Holding(
        "strategy.ConsultationLink",
        ("respondent_name",),
        "member_fk",
        "anonymise",
        _("Personal links to comment on a strategy draft."),
    ),
    Holding(
        "strategy.Feedback",
        ("author", "comment"),
        "member_fk",
        "scrub",
        _(
            "Feedback given through the member's consultation links: the author is blanked, "
            "the comment (the cluster's record of how the strategy was made) kept without "
            "the name."
        ),
    ),
)

#: Not searched, on purpose (docs/security.md says why): uploaded documents (training
#: materials, dissemination evidence, story pictures) are the clusters' own files and
#: are checked by hand; portal users are not member contacts; the audit trail scrubs
#: its copies on ``person_erased``.
NOT_COVERED = (
    "trainings.Material.file",
    "dissemination.DisseminationActivity.evidence",
    "dissemination.SuccessStory.picture",
    "accounts.User",
)
