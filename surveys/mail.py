"""The campaign e-mails: the personal link, the placeholders and the multipart message.

How the sending task gets the link without the token being stored
------------------------------------------------------------------
A token is shown only in the e-mails, but e-mails are sent later, by a worker, and a
reminder weeks later must carry the same link. Storing the token (even encrypted with
a key next to it) would put a working link in the database. Instead each invitation
stores a random *salt* (128 bits from ``secrets``) and the token is derived from it:

    token = base64url(HMAC-SHA256(key derived from SECRET_KEY, "survey-link:" + salt))

``token_hash`` stays the SHA-256 of that token, so S1's look-up (hash what the link
carries, compare hashes) works unchanged. The database alone opens nothing: the salt is
useless without ``SECRET_KEY``, and ``SECRET_KEY`` is useless without the salt. The
token is 256 bits of HMAC output keyed by 128 random bits. The price: rotating
``SECRET_KEY`` changes the links of campaigns still running (links already e-mailed
stop working), so rotate it between campaigns, or keep the old key in
``SECRET_KEY_FALLBACKS`` only for signing (it does not help here). Encryption would
have the same dependency on a key and needs a stored ciphertext of the link itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import LANGUAGE_CODES, Campaign, Invitation, MailKind, localized
from .tokens import hash_token

SALT_BYTES = 16  # 128 bits from ``secrets``
_KEY_SALT = "tracekei.surveys.invitation-link"

#: The placeholders an invitation's subject and text may use, and what they stand for.
PLACEHOLDERS = {
    "member": gettext_lazy("the member organisation's name"),
    "contact": gettext_lazy("the contact person's name (else the organisation's)"),
    "cluster": gettext_lazy("your cluster's name"),
    "campaign": gettext_lazy("the campaign's title"),
    "link": gettext_lazy("the personal link to the questionnaire"),
    "closes_on": gettext_lazy("the closing day"),
    "unsubscribe": gettext_lazy("the link to stop receiving surveys"),
}
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")


# --- The personal link ---------------------------------------------------------------


def _link_key() -> bytes:
    """The key of Django's ``salted_hmac(_KEY_SALT, ..., algorithm="sha256")``."""
    return hashlib.sha256((_KEY_SALT + settings.SECRET_KEY).encode()).digest()


def link_token(salt: str) -> str:
    """The invitation's token, derived from its stored salt and ``SECRET_KEY``."""
    digest = hmac.new(_link_key(), ("survey-link:" + salt).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def new_link_secret() -> tuple[str, str]:
    """A fresh salt to store and the hash of the token it gives (also stored)."""
    salt = secrets.token_urlsafe(SALT_BYTES)
    return salt, hash_token(link_token(salt))


def invitation_token(invitation: Invitation) -> str:
    if not invitation.token_salt:
        raise ValueError("this invitation's link cannot be rebuilt (it has no salt)")
    return link_token(invitation.token_salt)


def answer_url(token: str) -> str:
    # S1 owns surveys:answer; until both branches are merged it may not exist here.
    try:
        path = reverse("surveys:answer", kwargs={"token": token})
    except NoReverseMatch:  # S1's page is not in this branch yet
        path = f"/s/{token}/"
    return settings.PORTAL_BASE_URL + path


def unsubscribe_url(token: str) -> str:
    return settings.PORTAL_BASE_URL + reverse("surveys:unsubscribe", kwargs={"token": token})


# --- Placeholders ---------------------------------------------------------------------


def placeholder_list(names=None) -> str:
    return ", ".join("{" + name + "}" for name in (PLACEHOLDERS if names is None else names))


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(text or "") if name not in PLACEHOLDERS})


def validate_placeholders(text: str) -> None:
    unknown = unknown_placeholders(text)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Use only %(known)s.")
            % {
                "names": placeholder_list(unknown),
                "known": placeholder_list(),
            },
            code="unknown_placeholder",
        )


def fill(text: str, values: dict[str, str]) -> str:
    """Replace the known placeholders; anything else stays as typed (never str.format)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")


# --- Default texts --------------------------------------------------------------------


def default_subject(language: str) -> str:
    with translation.override(language):
        return _("{cluster}: {campaign}")


def default_body(language: str) -> str:
    with translation.override(language):
        return _(
            "Dear {contact},\n\n"
            "{cluster} asks its members how satisfied they are with the cluster and its "
            "services. Your answers help us plan the services you need. It takes about "
            "five minutes.\n\n"
            "Your personal link (please do not forward it):\n{link}\n\n"
            "The survey is open until {closes_on}.\n\n"
            "Thank you,\n{cluster}"
        )


def default_texts() -> tuple[dict, dict]:
    """The default subject and text in every portal language (Django's catalogues)."""
    return (
        {code: default_subject(code) for code in LANGUAGE_CODES},
        {code: default_body(code) for code in LANGUAGE_CODES},
    )


# --- The message ----------------------------------------------------------------------


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    headers: dict


def render(
    *,
    campaign: Campaign,
    invitation: Invitation,
    token: str,
    kind: str = MailKind.INVITATION,
    language: str | None = None,
) -> Rendered:
    """The e-mail in the recipient's language: subject, plain text, HTML, headers."""
    language = language or invitation.language
    link = answer_url(token)
    unsubscribe = unsubscribe_url(token)
    with translation.override(language):
        member = invitation.member
        values = {
            "member": invitation.name or (member.name if member else ""),
            "contact": (member.contact_name if member else "") or invitation.name,
            "cluster": campaign.cluster.acronym,
            "campaign": campaign.title,
            "link": link,
            "closes_on": date_format(campaign.closes_on, "DATE_FORMAT"),
            "unsubscribe": unsubscribe,
        }
        subject = fill(
            localized(campaign.invitation_subject, language) or default_subject(language), values
        )
        body = fill(localized(campaign.invitation_body, language) or default_body(language), values)
        if kind == MailKind.REMINDER:
            subject = _("Reminder: %(subject)s") % {"subject": subject}
        subject = " ".join(subject.split())[:250]  # one line: no header injection
        context = {
            "campaign": campaign,
            "cluster": campaign.cluster,
            "body": body,
            "body_html": linebreaks_filter(urlize(escape(body), autoescape=False)),
            "link": link,
            "unsubscribe": unsubscribe,
            "is_reminder": kind == MailKind.REMINDER,
            "language": language,
        }
        text = render_to_string("surveys/email/message.txt", context)
        html = render_to_string("surveys/email/message.html", context)
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return Rendered(subject=subject, text=text, html=html, headers=headers)


def build_message(rendered: Rendered, *, to: str, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[to],
        headers=rendered.headers,
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    return message


def preview_token() -> str:
    """A token that opens nothing, for previews (never a real invitation's)."""
    return "preview-" + "x" * 35
