"""A member answers a survey on a phone, in Italian, through the personal link: consent,
page 1 (the follow-up question appears only after "yes"), page 2, leaves, comes back
with the same link where they stopped, reviews and submits."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from clusters.models import Cluster, Member
from surveys.models import Answer, InvitationStatus, Response
from tests.factories import (
    CampaignFactory,
    InvitationFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_answer_questionnaire,
)

from .support import ARTIFACTS, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def wcag_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"surveys-answer-{name}.png"), full_page=True)


def test_a_member_answers_in_italian_on_a_phone_leaves_comes_back_and_submits(
    demo, live_server, open_page
):
    dare = Cluster.objects.get(slug="dare")
    member = Member.objects.filter(cluster=dare).order_by("pk").first()
    questionnaire = make_answer_questionnaire(dare.project, key="browser-test")
    service = ServiceFactory(cluster=dare, name="Servizio di matchmaking")
    ServiceDeliveryFactory(service=service, member=member)
    campaign = CampaignFactory(cluster=dare, questionnaire=questionnaire)
    invitation = InvitationFactory(campaign=campaign, member=member, language="it")
    link = f"{live_server.url}/s/{invitation.token}/"
    cache.delete("surveys:link-failures:127.0.0.1")  # other tests' failed look-ups

    page = open_page(PHONE)
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indagine soci")
    # The page chrome's words change with the catalogues: find the controls by their names.
    page.locator("#consent").check()
    page.locator("main form button[type=submit]").click()

    # Page 1, in Italian; the follow-up shows only once "yes" is chosen (the script).
    expect(page.get_by_role("heading", level=1)).to_have_text("Su di noi")
    assert wcag_violations(page) == []
    why = page.locator("#question-why")
    expect(why).to_be_hidden()
    page.locator("label[for=id_q-rating_3]").click()
    page.get_by_label("Opzione b").check()
    page.locator("label[for=id_q-yes_no_0]").click()
    expect(why).to_be_visible()
    why.locator("textarea").fill("Più export")
    shot(page, "page1-it-phone")
    page.locator("button[value=next]").click()

    # Page 2: the matrix lists the service received; then leave mid-way.
    expect(page.get_by_role("heading", level=1)).to_have_text("Servizi")
    expect(page.get_by_text("Servizio di matchmaking")).to_be_visible()
    page.locator("input[name=q-number]").fill("42")
    page.locator(f"label[for=id_q-services-{service.pk}_4]").click()
    page.locator("button[value=save]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.context.close()

    # Another day, a fresh browser, the same link: back on page 2, answers kept.
    page = open_page(PHONE)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Servizi")
    expect(page.locator("input[name=q-number]")).to_have_value("42")
    page.locator("button[value=next]").click()

    # Review, submit, thanks.
    expect(page.locator(".survey-review")).to_have_count(2)
    expect(page.locator(".survey-review").first).to_contain_text("Più export")
    shot(page, "review-it-phone")
    page.locator("form.survey-buttons button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/thanks/" in page.url

    response = Response.objects.get(invitation=invitation)
    assert response.submitted_at is not None and response.language == "it"
    answers = {a.question.code: a for a in Answer.objects.filter(response=response)}
    assert answers["rating"].number == 4
    assert answers["why"].text == "Più export"
    assert answers["number"].number == 42
    assert answers["services"].service_id == service.pk and answers["services"].number == 5
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
