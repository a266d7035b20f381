"""The surveys app (WP1): questionnaires, campaigns, results, the personal links.

The survey-link holder is an anonymous visitor whose browser opened the link of an
invitation of a campaign of cluster A: ``world.survey_link`` gives its client the
session the answering pages set up (the form key their POSTs must carry). The link's
pages are public with a valid token (the token is the credential); only the holder's
POSTs carry the session's form key, the others' are refused (403, the expired page).
Everywhere else the holder is an anonymous visitor."""

from django.utils import timezone

from surveys.models import Mail, Question, Section, Suppression
from surveys.views.answer import FORM_KEY
from tests.factories import (
    CampaignFactory,
    InvitationFactory,
    ResponseFactory,
    make_answer_questionnaire,
)
from tests.permissions import (
    DONE,
    api,
    api_list,
    api_read,
    change_a,
    page,
    public,
    read_a,
    roles,
    signed_in,
    with_,
)

LINK_FORM_KEY = "the-matrix-link-holder-form-key"


def setup(world):
    questionnaire = make_answer_questionnaire(
        world.project, cluster=world.cluster_a, key="matrix-survey"
    )
    campaign = CampaignFactory(
        cluster=world.cluster_a, questionnaire=questionnaire, title="Matrix campaign"
    )
    draft = CampaignFactory(
        cluster=world.cluster_a, questionnaire=questionnaire, title="Draft", launched_at=None
    )
    invitation = InvitationFactory(campaign=campaign)  # the link, not opened yet
    started = InvitationFactory(campaign=campaign, status="in_progress")
    ResponseFactory(invitation=started, submitted_at=None, consent_at=timezone.now())
    done = InvitationFactory(campaign=campaign, status="completed")
    answered = ResponseFactory(invitation=done, consent_at=timezone.now())
    # Rows for the admin's pages (the demo sends no mail, refuses no address).
    Mail.objects.create(invitation=invitation, kind="invitation", number=1, status="sent")
    Suppression.objects.create(project=world.project, email="gone@example.org", reason="bounced")
    world.objects.update(
        survey_questionnaire=questionnaire,
        survey_campaign=campaign,
        survey_draft=draft,
        survey_invitation=invitation,
        survey_started=started,
        survey_done=done,
        survey_response=answered,
    )

    def open_link(client):
        session = client.session
        session[FORM_KEY] = LINK_FORM_KEY
        session.save()

    world.survey_link = open_link


def campaign(world):
    return {"pk": world.objects["survey_campaign"].pk}


def questionnaire(world):
    return {"pk": world.objects["survey_questionnaire"].pk}


def token(world):
    return {"token": world.objects["survey_invitation"].token}


def started_token(world):
    """The link of a respondent who gave consent and is half-way through."""
    return {"token": world.objects["survey_started"].token}


def done_token(world):
    return {"token": world.objects["survey_done"].token}


def draft(world):
    """Editing and choosing recipients: before the launch (after it, the detail page)."""
    return {"pk": world.objects["survey_draft"].pk}


def resend(world):
    return {**campaign(world), "invitation_pk": world.objects["survey_invitation"].pk}


def section(world):
    row = Section.objects.filter(questionnaire=world.objects["survey_questionnaire"])
    return {**questionnaire(world), "part": "section", "item": row.order_by("pk").first().pk}


def question(world):
    row = Question.objects.filter(questionnaire=world.objects["survey_questionnaire"])
    return {**questionnaire(world), "part": "question", "item": row.order_by("pk").first().pk}


def link_post(world):
    return {"form_key": LINK_FORM_KEY}


# The link's pages: open to whoever holds the link; a POST needs the link's session.
LINK = public()
LINK_POST = roles(
    anonymous=403,
    survey_link=DONE,
    viewer_a=403,
    manager_a=403,
    manager_b=403,
    coordinator=403,
    admin=403,
)
CREATE = with_(signed_in(), viewer_a=403)
CREATE_DONE = with_(signed_in(DONE), viewer_a=403)

URLS = {
    # Campaigns, e-mails, the suppression list
    "surveys:campaign_list": page(get=signed_in()),
    "surveys:campaign_create": page(get=CREATE, post=CREATE_DONE),
    "surveys:campaign_detail": page(campaign, get=read_a()),
    "surveys:campaign_edit": page(draft, get=change_a(200), post=change_a()),
    "surveys:campaign_preview": page(campaign, get=read_a()),
    "surveys:campaign_recipients": page(draft, get=change_a(200), post=change_a()),
    "surveys:campaign_close": page(campaign, post=change_a()),
    "surveys:invitation_resend": page(resend, post=change_a()),
    "surveys:suppression_list": page(get=signed_in(), post=CREATE_DONE),
    "surveys:unsubscribe": page(
        token,
        get=LINK,
        post=public(DONE),
        note="the e-mail's one-click List-Unsubscribe-Post: the token is the credential",
    ),
    # The respondent's pages under the personal link
    "surveys:answer": page(token, get=LINK, post=LINK_POST, data={"post": link_post}),
    "surveys:answer_page": page(
        lambda w: {**started_token(w), "number": 1},
        get=LINK,
        post=LINK_POST,
        data={"post": link_post},
    ),
    "surveys:answer_review": page(
        started_token, get=LINK, post=LINK_POST, data={"post": link_post}
    ),
    "surveys:answer_saved": page(started_token, get=LINK),
    "surveys:answer_thanks": page(done_token, get=LINK),
    # The questionnaire editor
    "surveys:questionnaire_list": page(get=signed_in()),
    "surveys:questionnaire_create": page(get=CREATE, post=CREATE_DONE),
    "surveys:questionnaire_detail": page(questionnaire, get=read_a()),
    "surveys:questionnaire_edit": page(questionnaire, get=change_a(200), post=change_a()),
    "surveys:questionnaire_preview": page(questionnaire, get=read_a()),
    "surveys:part_create": page(
        lambda w: {**questionnaire(w), "part": "section"}, get=change_a(200), post=change_a()
    ),
    "surveys:part_edit": page(question, get=change_a(200), post=change_a()),
    "surveys:part_remove": page(section, post=change_a()),
    "surveys:part_move": page(question, post=change_a()),
    # Results and exports
    "surveys:results": page(get=signed_in()),
    "surveys:campaign_results": page(campaign, get=read_a()),
    "surveys:campaign_export": page(lambda w: {**campaign(w), "fmt": "csv"}, get=read_a()),
    # API (read-only)
    "survey-questionnaire-list": api(get=api_list()),
    "survey-questionnaire-detail": api(questionnaire, get=api_read()),
    "survey-campaign-list": api(get=api_list()),
    "survey-campaign-detail": api(campaign, get=api_read()),
    "survey-campaign-results": api(campaign, get=api_read()),
    "survey-response-list": api(get=api_list()),
    "survey-response-detail": api(
        lambda w: {"pk": w.objects["survey_response"].pk}, get=api_read()
    ),
}
