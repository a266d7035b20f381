"""The personal link's defences: one friendly page for every link that opens nothing,
the same work for each, a rate limit on failed look-ups, no referrer, no token in logs,
and a double submit from two requests at once making one response."""

import datetime as dt
import logging
import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from surveys import answering, selectors
from surveys.logging import TokenFilter
from surveys.models import Answer, InvitationStatus, Response
from tests.factories import CampaignFactory, InvitationFactory, make_answer_questionnaire

pytestmark = pytest.mark.django_db

CLIENT_KEY = "surveys:link-failures:127.0.0.1"


@pytest.fixture(autouse=True)
def fresh_counter():
    cache.delete(CLIENT_KEY)
    yield
    cache.delete(CLIENT_KEY)


@pytest.fixture
def invitation(cluster_a, member_a):
    questionnaire = make_answer_questionnaire(cluster_a.project)
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=questionnaire)
    return InvitationFactory(campaign=campaign, member=member_a)


def closed_early(invitation):
    invitation.campaign.closed_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    invitation.campaign.save()


def past_closing_day(invitation):
    invitation.campaign.closes_on = dt.date(2020, 1, 1)
    invitation.campaign.save()


def not_yet_open(invitation):
    invitation.campaign.opens_on = dt.date(2098, 1, 1)
    invitation.campaign.save()


def not_launched(invitation):
    invitation.campaign.launched_at = None
    invitation.campaign.save()


def opted_out(invitation):
    invitation.status = InvitationStatus.OPTED_OUT
    invitation.save()


@pytest.mark.parametrize(
    "spoil", [closed_early, past_closing_day, not_yet_open, not_launched, opted_out]
)
def test_a_link_that_opens_nothing_looks_like_an_unknown_token(client, invitation, spoil):
    unknown = client.get("/s/" + "A" * 43 + "/")
    spoil(invitation)
    spoiled = client.get(f"/s/{invitation.token}/")
    malformed = client.get("/s/" + "x" * 500 + "/")
    assert unknown.status_code == spoiled.status_code == malformed.status_code == 404
    assert unknown.text == spoiled.text == malformed.text
    assert invitation.campaign.title not in spoiled.text
    assert invitation.campaign.cluster.acronym not in spoiled.text
    for response in (unknown, spoiled, malformed):
        assert response["Referrer-Policy"] == "no-referrer"


def test_every_look_up_hashes_and_queries_once(invitation):
    for token in (invitation.token, "A" * 43, "x" * 500, ""):
        with CaptureQueriesContext(connection) as queries:
            selectors.invitation_for_token(token)
        assert len(queries) == 1, token


def test_a_valid_link_is_not_refused_after_a_few_failures(client, invitation, settings):
    settings.SURVEYS_LINK_FAILURES_LIMIT = 3
    for n in range(2):
        assert client.get(f"/s/wrong{n}/").status_code == 404
    assert client.get(f"/s/{invitation.token}/").status_code == 200


def test_failed_look_ups_are_rate_limited_per_client(client, invitation, settings):
    settings.SURVEYS_LINK_FAILURES_LIMIT = 3
    for n in range(3):
        assert client.get(f"/s/wrong{n}/").status_code == 404
    refused = client.get(f"/s/{invitation.token}/")
    assert refused.status_code == 429
    assert refused["Referrer-Policy"] == "no-referrer"
    # Another address is not limited.
    other = client.get(f"/s/{invitation.token}/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.delete("surveys:link-failures:10.0.0.9")


def test_every_page_under_the_link_sends_no_referrer(client, invitation):
    first = client.get(f"/s/{invitation.token}/")
    key = client.session["surveys-form-key"]
    consented = client.post(f"/s/{invitation.token}/", {"form_key": key, "consent": "yes"})
    page = client.get(f"/s/{invitation.token}/page/1/")
    review = client.get(f"/s/{invitation.token}/review/")
    saved = client.get(f"/s/{invitation.token}/saved/")
    for response in (first, consented, page, review, saved):
        assert response["Referrer-Policy"] == "no-referrer"


def test_the_token_never_reaches_the_request_log(client, invitation, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    client.get(f"/s/{invitation.token}/no-such-page/")  # the URL resolver's 404
    client.get("/s/unknown-token-value/")  # the friendly page's 404
    messages = [record.getMessage() for record in caplog.records]
    assert any("/s/[token]/no-such-page/" in message for message in messages)
    assert any("/s/[token]/" in message for message in messages)
    assert all(invitation.token not in message for message in messages)
    assert all("unknown-token-value" not in message for message in messages)


def test_the_filter_rewrites_server_request_lines():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /s/secret-token/page/2/?language=it HTTP/1.1", "200", "512"),
        None,
    )
    assert TokenFilter().filter(record)
    assert record.getMessage() == '"GET /s/[token]/page/2/?language=it HTTP/1.1" 200 512'
    assert logging.getLogger("django.server").filters  # installed at start-up


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submits_make_one_response(cluster_a, member_a):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    questionnaire = make_answer_questionnaire(cluster_a.project)
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=questionnaire)
    invitation = InvitationFactory(campaign=campaign, member=member_a)
    sections = selectors.questionnaire_sections(questionnaire)
    values = {"rating": 4, "single": "a", "yes_no": False}
    barrier = threading.Barrier(2)
    errors = []

    def respondent():
        try:
            barrier.wait(timeout=10)
            answering.response_consent(invitation=invitation, language="en", consent_text="ok")
            answering.page_save(
                invitation=invitation,
                section=sections[0],
                values=values,
                next_section=1,
                language="en",
            )
            answering.page_save(
                invitation=invitation,
                section=sections[1],
                values={"number": 5, "follow": "x"},
                next_section=2,
                language="en",
            )
            answering.response_submit(invitation=invitation, sections=sections, services=[])
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=respondent) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Response.objects.filter(invitation=invitation).count() == 1
    assert Answer.objects.filter(response__invitation=invitation).count() == 5
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
