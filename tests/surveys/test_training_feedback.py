"""The shipped training feedback questionnaire: every text in the eight languages, the
questions the brief asks for, installed once by the standard questionnaire's command."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from surveys import standard, training_feedback
from surveys.models import Purpose, Question, QuestionKind, Questionnaire


def test_every_text_has_all_eight_languages():
    codes = {code for code, _name in settings.LANGUAGES}
    texts = list(training_feedback.all_texts())
    assert len(texts) > 20
    for text in texts:
        assert set(text) == codes, text
        assert all(value.strip() for value in text.values()), text


def test_the_email_texts_use_only_known_placeholders():
    from surveys.mail import unknown_placeholders

    subject, body = training_feedback.invitation_texts(
        activity_title="Training {of} 2017", dates="2017-05-16 - 2017-05-17"
    )
    for text in [*subject.values(), *body.values()]:
        assert unknown_placeholders(text) == []
    assert all("Training of 2017" in text for text in body.values())
    assert all("2017-05-16 - 2017-05-17" in text for text in body.values())


@pytest.mark.django_db
def test_install_is_idempotent_and_has_the_questions(project):
    first = training_feedback.install(project)
    assert training_feedback.install(project).pk == first.pk
    assert first.purpose == Purpose.TRAINING_FEEDBACK
    assert first.cluster is None
    kinds = dict(Question.objects.filter(questionnaire=first).values_list("code", "kind"))
    assert kinds == {
        "fb_overall": QuestionKind.RATING,
        "fb_relevance": QuestionKind.RATING,
        "fb_speakers": QuestionKind.RATING,
        "fb_organisation": QuestionKind.RATING,
        "fb_useful_parts": QuestionKind.MULTIPLE,
        "fb_useful_topics": QuestionKind.SHORT_TEXT,
        "fb_improve": QuestionKind.LONG_TEXT,
        "fb_recommend": QuestionKind.YES_NO,
    }
    relevance = Question.objects.get(questionnaire=first, code="fb_relevance")
    assert relevance.low_label["it"] == "Per niente pertinente"


@pytest.mark.django_db
def test_the_command_installs_both_once(project):
    out = io.StringIO()
    call_command("load_standard_questionnaire", stdout=out)
    call_command("load_standard_questionnaire", stdout=out)
    for key in (standard.KEY, training_feedback.KEY):
        assert Questionnaire.objects.filter(project=project, key=key).count() == 1
    assert f"{training_feedback.KEY} version 1" in out.getvalue()
