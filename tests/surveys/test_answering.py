"""Answering through the personal link: consent, pages, every kind of question valid and
invalid, show-if, save and resume, review, submit (once), change after submit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache

from surveys.models import Answer, InvitationStatus, Response
from tests.factories import (
    CampaignFactory,
    InvitationFactory,
    QuestionFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_answer_questionnaire,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_failure_counter():
    """Failed look-ups of other tests (a shared cache) must not rate-limit these."""
    cache.delete("surveys:link-failures:127.0.0.1")


@pytest.fixture
def invitation(cluster_a, member_a):
    questionnaire = make_answer_questionnaire(cluster_a.project)
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=questionnaire)
    return InvitationFactory(campaign=campaign, member=member_a, language="en")


def url(invitation, tail=""):
    return f"/s/{invitation.token}/{tail}"


def form_key(client):
    return client.session["surveys-form-key"]


def post(client, invitation, tail, data):
    return client.post(url(invitation, tail), {"form_key": form_key(client), **data})


def consent(client, invitation):
    client.get(url(invitation))
    response = post(client, invitation, "", {"consent": "yes"})
    assert response.status_code == 302
    return response


PAGE_ONE = {"q-rating": "4", "q-single": "b", "q-multiple": ["x", "y"], "q-yes_no": "yes"}
PAGE_ONE_FULL = {**PAGE_ONE, "q-why": "Because."}
PAGE_TWO = {"q-number": "42", "q-short": "Fine"}


def values(invitation):
    rows = Answer.objects.filter(response__invitation=invitation).select_related("question")
    return {a.question.code: a for a in rows}


# --- The first page ---------------------------------------------------------------------


def test_first_visit_marks_the_invitation_opened_and_shows_the_privacy_notice(client, invitation):
    response = client.get(url(invitation))
    assert response.status_code == 200
    assert "Privacy notice" in response.text
    assert invitation.campaign.cluster.acronym in response.text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPENED
    assert invitation.opened_at is not None
    assert response["Referrer-Policy"] == "no-referrer"


def test_consent_is_required_and_its_wording_is_stored(client, invitation):
    client.get(url(invitation))
    refused = post(client, invitation, "", {})
    assert refused.status_code == 400
    assert "Tick the box" in refused.text
    assert not Response.objects.exists()
    accepted = post(client, invitation, "", {"consent": "yes"})
    assert accepted["Location"] == url(invitation, "page/1/")
    stored = Response.objects.get()
    assert stored.consent_at is not None
    assert "controller" in stored.consent_text
    assert invitation.campaign.cluster.acronym in stored.consent_text


def test_a_post_without_the_form_key_saves_nothing(client, invitation):
    client.get(url(invitation))
    forged = client.post(url(invitation), {"consent": "yes"})
    assert forged.status_code == 403
    assert not Response.objects.exists()


def test_pages_before_consent_go_back_to_the_privacy_notice(client, invitation):
    client.get(url(invitation))
    assert client.get(url(invitation, "page/1/"))["Location"] == url(invitation)
    assert client.get(url(invitation, "review/"))["Location"] == url(invitation)


# --- Pages ------------------------------------------------------------------------------


def test_a_valid_page_is_saved_and_the_next_one_shown(client, invitation):
    consent(client, invitation)
    page = client.get(url(invitation, "page/1/"))
    assert "Page 1 of 2" in page.text
    response = post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    assert response.status_code == 302
    assert response["Location"] == url(invitation, "page/2/")
    stored = values(invitation)
    assert stored["rating"].number == 4
    assert [c.code for c in stored["single"].choices.all()] == ["b"]
    assert sorted(c.code for c in stored["multiple"].choices.all()) == ["x", "y"]
    assert stored["yes_no"].boolean is True
    assert stored["why"].text == "Because."
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.IN_PROGRESS


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"q-rating": ""}, "q-rating", "Please answer this question."),
        ({"q-rating": "6"}, "q-rating", "Select a valid choice"),
        ({"q-single": "zzz"}, "q-single", "Select a valid choice"),
        ({"q-multiple": ["x", "nope"]}, "q-multiple", "Select a valid choice"),
        ({"q-yes_no": "maybe"}, "q-yes_no", "Select a valid choice"),
        ({"q-why": "x" * 5001}, "q-why", "at most 5000 characters"),
        ({"q-why": ""}, "q-why", "Please answer this question."),
    ],
)
def test_bad_input_on_page_one_is_refused_next_to_the_question_and_kept(
    client, invitation, change, field, message
):
    consent(client, invitation)
    data = {**PAGE_ONE_FULL, **change, "action": "next"}
    response = post(client, invitation, "page/1/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert set(form.errors) == {field}
    # What else was typed is kept, nothing of the page saved.
    if field != "q-single":
        assert form["q-single"].value() == "b"
    assert form.data.get("q-rating") == data["q-rating"]
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"q-number": "101"}, "less than or equal to 100"),
        ({"q-number": "-1"}, "greater than or equal to 0"),
        ({"q-number": "many"}, "Enter a number"),
        ({"q-number": ""}, "Please answer this question."),
        ({"q-short": "y" * 301}, "at most 300 characters"),
        ({"q-short": "bell\x07"}, "control character"),
    ],
)
def test_bad_input_on_page_two(client, invitation, change, message):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    before = Answer.objects.count()
    response = post(client, invitation, "page/2/", {**PAGE_TWO, **change, "action": "next"})
    assert response.status_code == 400
    assert message in str(response.context["form"].errors)
    assert Answer.objects.count() == before


def test_an_error_is_shown_next_to_its_question(client, invitation):
    consent(client, invitation)
    response = post(
        client, invitation, "page/1/", {**PAGE_ONE_FULL, "q-rating": "", "action": "next"}
    )
    html = response.text
    question = html.index('id="question-rating"')
    error = html.index("Please answer this question.")
    next_question = html.index('id="question-single"')
    assert question < error < next_question
    assert "Because." in html  # the long text typed is kept


def test_save_and_continue_later_saves_an_incomplete_page_and_resumes_there(client, invitation):
    consent(client, invitation)
    response = post(client, invitation, "page/1/", {"q-rating": "2", "action": "save"})
    assert response["Location"] == url(invitation, "saved/")
    assert values(invitation)["rating"].number == 2
    # A new browser (no session) with the same link comes back to page 1, answers kept.
    client.cookies.clear()
    resumed = client.get(url(invitation))
    assert resumed["Location"] == url(invitation, "page/1/")
    page = client.get(resumed["Location"])
    assert page.context["form"]["q-rating"].value() == "2"


def test_after_page_one_a_later_visit_resumes_on_page_two(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    client.cookies.clear()
    assert client.get(url(invitation))["Location"] == url(invitation, "page/2/")


def test_back_saves_without_requiring_and_returns(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    response = post(client, invitation, "page/2/", {"q-short": "later", "action": "back"})
    assert response["Location"] == url(invitation, "page/1/")
    assert values(invitation)["short"].text == "later"


# --- Show-if ----------------------------------------------------------------------------


def test_same_page_rule_not_met_ignores_the_answer_and_its_error(client, invitation):
    consent(client, invitation)
    data = {**PAGE_ONE, "q-yes_no": "no", "q-why": "z" * 6000, "action": "next"}
    response = post(client, invitation, "page/1/", data)
    assert response.status_code == 302
    assert "why" not in values(invitation)


def test_same_page_conditional_question_says_when_to_answer(client, invitation):
    consent(client, invitation)
    page = client.get(url(invitation, "page/1/"))
    assert "Answer only if you answered “Yes” to “Question yes_no?”" in page.text
    assert 'data-show-if="q-yes_no"' in page.text


def test_earlier_page_rule_shows_or_skips_the_question_on_the_server(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})  # yes
    page = client.get(url(invitation, "page/2/"))
    assert "q-follow" not in page.context["form"].fields
    # Skipped, so not required: page 2 is valid without it.
    assert post(client, invitation, "page/2/", {**PAGE_TWO, "action": "next"}).status_code == 302
    post(client, invitation, "page/1/", {**PAGE_ONE, "q-yes_no": "no", "action": "next"})
    page = client.get(url(invitation, "page/2/"))
    assert "q-follow" in page.context["form"].fields
    response = post(client, invitation, "page/2/", {**PAGE_TWO, "action": "next"})
    assert response.status_code == 400
    assert "q-follow" in response.context["form"].errors


# --- Per-service matrix -----------------------------------------------------------------


def test_matrix_lists_the_services_the_member_received(client, invitation, cluster_a, cluster_b):
    received = ServiceDeliveryFactory(
        service=ServiceFactory(cluster=cluster_a, name="Matchmaking"), member=invitation.member
    ).service
    ServiceFactory(cluster=cluster_a, name="Not received")
    ServiceFactory(cluster=cluster_b, name="Other cluster")
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    page = client.get(url(invitation, "page/2/"))
    assert "Matchmaking" in page.text
    assert "Not received" not in page.text and "Other cluster" not in page.text
    name = f"q-services-{received.pk}"
    post(client, invitation, "page/2/", {**PAGE_TWO, name: "5", "action": "next"})
    answer = Answer.objects.get(question__code="services")
    assert (answer.service_id, answer.number) == (received.pk, Decimal("5"))


def test_matrix_with_all_services_and_with_none(client, invitation, cluster_a):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    page = client.get(url(invitation, "page/2/"))
    assert "Skipped: we have no record of services" in page.text
    questionnaire = invitation.campaign.questionnaire
    questionnaire.all_services = True
    questionnaire.save()
    ServiceFactory(cluster=cluster_a, name="Shared service")
    page = client.get(url(invitation, "page/2/"))
    assert "Shared service" in page.text


def test_matrix_rejects_a_service_not_offered(client, invitation, cluster_a):
    service = ServiceDeliveryFactory(
        service=ServiceFactory(cluster=cluster_a), member=invitation.member
    ).service
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    data = {**PAGE_TWO, f"q-services-{service.pk}": "9", f"q-services-{service.pk + 999}": "5"}
    response = post(client, invitation, "page/2/", {**data, "action": "next"})
    assert response.status_code == 400
    assert not Answer.objects.filter(question__code="services").exists()


# --- Review, submit, change -------------------------------------------------------------


def answer_all(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    return post(client, invitation, "page/2/", {**PAGE_TWO, "action": "next"})


def test_review_lists_every_answer_with_change_links(client, invitation):
    response = answer_all(client, invitation)
    assert response["Location"] == url(invitation, "review/")
    review = client.get(response["Location"])
    for text in ("Option b", "4 / 5", "42", "Fine", "Because.", "X", "Y"):
        assert text in review.text
    assert url(invitation, "page/1/") in review.text and url(invitation, "page/2/") in review.text


def test_submit_completes_and_thanks(client, invitation):
    answer_all(client, invitation)
    response = post(client, invitation, "review/", {})
    assert response["Location"] == url(invitation, "thanks/")
    assert "Thank you" in client.get(response["Location"]).text
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert Response.objects.get().submitted_at is not None


def test_submit_with_a_required_answer_missing_is_refused(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    response = post(client, invitation, "review/", {})
    assert response.status_code == 400
    assert "Required: not answered" in response.text
    assert Response.objects.get().submitted_at is None


def test_submitting_twice_makes_one_response_and_no_duplicate_answers(client, invitation):
    answer_all(client, invitation)
    first = post(client, invitation, "review/", {})
    submitted_at = Response.objects.get().submitted_at
    count = Answer.objects.count()
    second = post(client, invitation, "review/", {})
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    assert Answer.objects.count() == count
    assert Response.objects.get().submitted_at == submitted_at


def test_answers_can_be_changed_after_submit_keeping_the_first_submit_time(client, invitation):
    answer_all(client, invitation)
    post(client, invitation, "review/", {})
    submitted_at = Response.objects.get().submitted_at
    assert client.get(url(invitation))["Location"] == url(invitation, "review/")
    changed = post(client, invitation, "page/2/", {**PAGE_TWO, "q-number": "7", "action": "next"})
    assert changed["Location"] == url(invitation, "review/")
    post(client, invitation, "review/", {})
    stored = Response.objects.get()
    assert stored.submitted_at == submitted_at
    assert values(invitation)["number"].number == 7
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED


def test_a_hidden_answer_is_removed_at_submit(client, invitation):
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE, "q-yes_no": "no", "action": "next"})
    post(client, invitation, "page/2/", {**PAGE_TWO, "q-follow": "why not", "action": "next"})
    assert "follow" in values(invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})  # now yes
    post(client, invitation, "review/", {})
    assert "follow" not in values(invitation)
    assert "why" in values(invitation)


def test_after_the_campaign_closes_the_link_shows_the_friendly_page(client, invitation):
    answer_all(client, invitation)
    campaign = invitation.campaign
    campaign.closes_on = dt.date(2020, 1, 1)
    campaign.save()
    response = client.get(url(invitation, "review/"))
    assert response.status_code == 404
    assert "This link does not work" in response.text


# --- Language ---------------------------------------------------------------------------


def test_the_recipient_language_is_the_default(client, invitation):
    invitation.language = "it"
    invitation.save()
    consent(client, invitation)
    page = client.get(url(invitation, "page/1/"))
    assert "Domanda rating?" in page.text
    assert "Su di noi" in page.text
    assert '<html lang="it">' in page.text
    assert Response.objects.get().language == "it"


def test_the_language_switch_is_kept_for_the_link(client, invitation):
    consent(client, invitation)
    page = client.get(url(invitation, "page/1/?language=it"))
    assert "Domanda rating?" in page.text
    assert "Opzione b" in page.text
    again = client.get(url(invitation, "page/1/"))
    assert "Domanda rating?" in again.text
    # Choice labels with no Italian text fall back to English.
    assert ">X<" in again.text.replace(" ", "").replace("<span>X</span>", ">X<")
    english = client.get(url(invitation, "page/1/?language=en"))
    assert "Question rating?" in english.text


# --- Query counts -----------------------------------------------------------------------


def test_the_answering_page_makes_constant_queries(client, cluster_a, member_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for extra, member in ((0, member_a), (25, None)):
        questionnaire = make_answer_questionnaire(
            cluster_a.project, extra_ratings=extra, key=f"size-{extra}", all_services=True
        )
        ServiceFactory.create_batch(1 + extra // 5, cluster=cluster_a)
        single = questionnaire.questions.get(code="single")
        for n in range(extra // 5):  # same-page rules on a choice question, too
            QuestionFactory(
                section=single.section,
                code=f"if-a-{n}",
                kind="short_text",
                position=20 + n,
                required=False,
                show_if=single,
                show_if_value="a",
            )
        campaign = CampaignFactory(cluster=cluster_a, questionnaire=questionnaire)
        invitation = InvitationFactory(campaign=campaign, **({"member": member} if member else {}))
        client.cookies.clear()
        consent(client, invitation)
        post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
        for page in ("page/1/", "page/2/", "review/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(invitation, page)).status_code == 200
            counts.append((page, len(queries)))
    assert counts[:3] == counts[3:]
