"""The campaign e-mails: derived links, placeholders, the multipart message per language."""

import base64
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation
from django.utils.crypto import salted_hmac

from surveys import mail
from surveys.models import Invitation, MailKind
from surveys.tokens import hash_token
from tests.surveys.campaign_support import draft, members

pytestmark = pytest.mark.django_db


def test_link_token_is_derived_from_the_salt_and_the_secret_key():
    salt, token_hash = mail.new_link_secret()
    token = mail.link_token(salt)
    assert hash_token(token) == token_hash
    assert mail.link_token(salt) == token  # the reminder carries the same link
    expected = salted_hmac(
        "tracekei.surveys.invitation-link", "survey-link:" + salt, algorithm="sha256"
    ).digest()
    assert token == base64.urlsafe_b64encode(expected).rstrip(b"=").decode()
    assert len(token) >= 43  # 256 bits, base64url
    assert salt not in token
    other_salt, _hash = mail.new_link_secret()
    assert mail.link_token(other_salt) != token
    with override_settings(SECRET_KEY="another-key-" + "x" * 50):
        assert mail.link_token(salt) != token  # the database alone opens nothing


def test_unknown_placeholders_are_rejected():
    mail.validate_placeholders("Dear {contact}, {link} until {closes_on} ({unsubscribe})")
    with pytest.raises(ValidationError) as error:
        mail.validate_placeholders("Dear {name}, see {link} {0} {member.__class__}")
    message = error.value.messages[0]
    assert "{name}" in message and "{0}" in message and "{member.__class__}" in message


def test_fill_never_evaluates_attribute_access():
    assert mail.fill("{member.__class__} {member}", {"member": "Acme"}) == "{member.__class__} Acme"


def test_default_texts_exist_in_every_language_and_use_known_placeholders():
    subjects, bodies = mail.default_texts()
    assert set(subjects) == set(bodies) == {code for code, _n in mail.settings.LANGUAGES}
    for text in [*subjects.values(), *bodies.values()]:
        mail.validate_placeholders(text)
    assert "{link}" in bodies["en"]


def _invitation(campaign, member, language):
    salt, token_hash = mail.new_link_secret()
    return Invitation(
        campaign=campaign,
        member=member,
        name=member.name,
        email=member.contact_email,
        language=language,
        token_salt=salt,
        token_hash=token_hash,
    )


def test_italian_recipient_gets_the_italian_text_and_chrome(cluster_a):
    campaign = draft(
        cluster_a,
        closes_on=dt.date(2099, 12, 31),
        invitation_subject={"en": "Survey {cluster}", "it": "Questionario {cluster}"},
        invitation_body={"en": "Dear {contact}: {link}", "it": "Gentile {contact}: {link}"},
    )
    (member,) = members(cluster_a, 1, preferred_language="it")
    invitation = _invitation(campaign, member, "it")
    token = mail.invitation_token(invitation)
    rendered = mail.render(campaign=campaign, invitation=invitation, token=token)
    assert rendered.subject == "Questionario ALPHA"
    assert rendered.text.startswith(f"Gentile {member.contact_name}: http")
    assert f"/s/{token}/" in rendered.text and f"/s/{token}/" in rendered.html
    assert '<html lang="it">' in rendered.html
    with translation.override("it"):
        chrome = translation.gettext("Answer the survey")
    assert chrome in rendered.html
    # The closing day is written the Italian way (Django's own Italian formats).
    campaign.invitation_body = {"en": "{closes_on}"}
    body = mail.render(campaign=campaign, invitation=invitation, token=token).text
    assert "31 Dicembre 2099" in body
    assert rendered.headers["List-Unsubscribe"] == f"<{mail.unsubscribe_url(token)}>"
    assert f"/s/{token}/unsubscribe/" in rendered.text


def test_missing_language_falls_back_to_english(cluster_a):
    campaign = draft(cluster_a, invitation_subject={"en": "Survey {member}"})
    (member,) = members(cluster_a, 1, preferred_language="hu")
    invitation = _invitation(campaign, member, "hu")
    rendered = mail.render(campaign=campaign, invitation=invitation, token="t" * 43)
    assert rendered.subject == f"Survey {member.name}"
    assert '<html lang="hu">' in rendered.html


def test_html_escapes_what_managers_and_members_typed(cluster_a):
    campaign = draft(cluster_a, invitation_body={"en": "<b>Hi</b> {member}"})
    (member,) = members(cluster_a, 1)
    member.name = "<script>x</script> Srl"
    invitation = _invitation(campaign, member, "en")
    rendered = mail.render(campaign=campaign, invitation=invitation, token="t" * 43)
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html
    assert "<b>Hi</b>" not in rendered.html


def test_reminder_says_so_and_subject_is_one_line(cluster_a):
    campaign = draft(cluster_a, invitation_subject={"en": "Line one\r\nBcc: x@evil.example"})
    (member,) = members(cluster_a, 1)
    invitation = _invitation(campaign, member, "en")
    rendered = mail.render(
        campaign=campaign, invitation=invitation, token="t" * 43, kind=MailKind.REMINDER
    )
    assert rendered.subject == "Reminder: Line one Bcc: x@evil.example"
    assert "not received your answers yet" in rendered.text
    message = mail.build_message(rendered, to=invitation.email)
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
