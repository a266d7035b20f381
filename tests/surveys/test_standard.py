"""The shipped SME satisfaction questionnaire: every text in the eight languages, installed once."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from surveys import standard
from surveys.models import Choice, Question, QuestionKind, Questionnaire


def test_every_text_has_all_eight_languages():
    codes = {code for code, _name in settings.LANGUAGES}
    assert len(codes) == 8
    texts = list(standard.all_texts())
    assert len(texts) > 40
    for text in texts:
        assert set(text) == codes, text
        assert all(value.strip() for value in text.values()), text


@pytest.mark.django_db
def test_install_is_idempotent_and_valid(project):
    first = standard.install(project)
    again = standard.install(project)
    assert first.pk == again.pk
    assert Questionnaire.objects.filter(key=standard.KEY).count() == 1
    questions = {q.code: q for q in Question.objects.filter(questionnaire=first)}
    for code in (*standard.SATISFACTION_CODES, standard.USEFULNESS_CODE):
        assert code in questions
    assert questions[standard.USEFULNESS_CODE].kind == QuestionKind.SERVICE_MATRIX
    pay = questions[standard.PAY_BAND]
    assert pay.show_if == questions[standard.WANTS_TAILOR_MADE]
    assert pay.show_if_value == "yes"
    assert list(Choice.objects.filter(question=pay).values_list("code", flat=True)) == list(
        standard.PAY_BAND_CODES
    )
    assert not questions[standard.COMMENTS].required
    assert first.sections.count() == 3


@pytest.mark.django_db
def test_the_command_installs_once(project):
    out = io.StringIO()
    call_command("load_standard_questionnaire", stdout=out)
    call_command("load_standard_questionnaire", "--project", project.acronym, stdout=out)
    assert Questionnaire.objects.filter(key=standard.KEY).count() == 1
    assert "version 1" in out.getvalue()
