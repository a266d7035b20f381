"""A whole survey campaign on the real stack (issue 5's acceptance test).

A manager launches a campaign to 15 members; a real Celery worker sends the e-mails
(written to files: the e-mails are what is captured); the Italian member opens the
link from their e-mail in headless Chromium, answers in Italian, leaves, comes back with
the same link and submits; the reminders the worker sends next go only to the 14 who
have not answered; the results page and the CSV export show exactly what was submitted.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import io
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from surveys import campaigns as services
from surveys.models import Invitation, InvitationStatus, Mail, MailKind, MailStatus
from tests.factories import ServiceDeliveryFactory, ServiceFactory, make_answer_questionnaire
from tests.surveys.campaign_support import draft, members
from tests.surveys.test_tasks import needs_stack
from tests.tracekei.test_worker import wait_until

from .support import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.worker,
    needs_stack,
    pytest.mark.django_db(transaction=True),
]

LINK = re.compile(r"https?://[^\s\"<>]+/s/([A-Za-z0-9_\-]+)/(?=\s|\"|<|$)")


@pytest.fixture
def worker(tmp_path):
    from tests.tracekei.test_worker import worker as real_worker

    yield from real_worker.__wrapped__(tmp_path)


def sent_messages(mail_dir) -> list[email.message.Message]:
    """Every e-mail the worker wrote (the file backend separates them by a line of -)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79):  # bytes: the bodies are 8-bit UTF-8
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def body(message, content_type="text/plain") -> str:
    for part in message.walk():
        if part.get_content_type() == content_type:
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError(f"the e-mail has no {content_type} part")


def sent_all(campaign, kind) -> bool:
    mails = Mail.objects.filter(invitation__campaign=campaign, kind=kind)
    return mails.exists() and not mails.exclude(status=MailStatus.SENT).exists()


def test_a_campaign_from_launch_to_results(
    worker, live_server, open_page, cluster_a, manager_a, coordinator, client
):
    recipients = members(cluster_a, 15)
    italian = recipients[0]
    italian.preferred_language = "it"
    italian.save()
    questionnaire = make_answer_questionnaire(cluster_a.project, key="campaign-e2e")
    service = ServiceFactory(cluster=cluster_a, name="Servizio di matchmaking")
    ServiceDeliveryFactory(service=service, member=italian)
    campaign = draft(
        cluster_a,
        questionnaire=questionnaire,
        anonymous=False,
        reminder_after_days=[7],
        max_reminders=1,
    )

    # Launch: 15 invitations, the e-mails sent by the worker, each once.
    launched = services.campaign_launch(
        actor=manager_a, campaign=campaign, chosen=services.RecipientFilter([], [])
    )
    assert launched == 15
    assert wait_until(lambda: sent_all(campaign, MailKind.INVITATION), timeout=90), worker[
        "log"
    ].read_text()[-3000:]
    addresses = sorted(m.contact_email for m in recipients)
    invitations = [m for m in sent_messages(worker["mail_dir"]) if m["To"] in addresses]
    assert sorted(m["To"] for m in invitations) == addresses
    to_italian = next(m for m in invitations if m["To"] == italian.contact_email)
    assert 'lang="it"' in body(to_italian, "text/html")
    token = LINK.search(body(to_italian)).group(1)

    # The Italian member answers on a phone, leaves half-way, comes back, submits.
    cache.delete("surveys:link-failures:127.0.0.1")
    link = f"{live_server.url}/s/{token}/"
    page = open_page(PHONE)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indagine soci")
    page.locator("#consent").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Su di noi")
    page.locator("label[for=id_q-rating_3]").click()
    page.get_by_label("Opzione b").check()
    page.locator("label[for=id_q-yes_no_0]").click()
    page.locator("#question-why textarea").fill("Più servizi per l'export")
    page.locator("button[value=next]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Servizi")
    page.locator("input[name=q-number]").fill("12")
    page.locator(f"label[for=id_q-services-{service.pk}_4]").click()
    page.locator("button[value=save]").click()
    page.context.close()

    page = open_page(PHONE)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Servizi")
    expect(page.locator("input[name=q-number]")).to_have_value("12")
    page.locator("button[value=next]").click()
    page.locator("form.survey-buttons button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/thanks/" in page.url
    answered = Invitation.objects.get(campaign=campaign, member=italian)
    assert answered.status == InvitationStatus.COMPLETED

    # A week later the reminders go to the 14 who have not answered, and only to them.
    week_ago = timezone.now() - dt.timedelta(days=8)
    campaign.invitations.update(sent_at=week_ago)
    services.reminders_due()  # every open campaign's (the demo data may have one too)
    assert Mail.objects.filter(invitation__campaign=campaign, kind=MailKind.REMINDER).count() == 14
    assert wait_until(lambda: sent_all(campaign, MailKind.REMINDER), timeout=90), worker[
        "log"
    ].read_text()[-3000:]
    addresses = {m.contact_email for m in recipients}
    everything = [m for m in sent_messages(worker["mail_dir"]) if m["To"] in addresses]
    assert len(everything) == 15 + 14
    first_round = {m["Message-ID"] for m in invitations}
    reminded = sorted(m["To"] for m in everything if m["Message-ID"] not in first_round)
    assert italian.contact_email not in reminded
    assert reminded == sorted(m.contact_email for m in recipients[1:])

    # The results and the export show exactly the one submitted response.
    client.force_login(coordinator)
    results = client.get(f"/surveys/campaigns/{campaign.pk}/results/")
    assert results.status_code == 200
    outcome = results.context["results"]
    assert (outcome.total.invited, outcome.total.submitted) == (15, 1)
    export = client.get(f"/surveys/campaigns/{campaign.pk}/results/answers.csv")
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["rating"] == "4"
    assert row["why"] == "Più servizi per l'export"
    assert row["number"] == "12"
    assert row["services[Servizio di matchmaking]"] == "5"
    assert row["name"] == italian.name and row["email"] == italian.contact_email
